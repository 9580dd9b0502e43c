export function Pagination(props: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (props.pageCount <= 1) return null;
  const { page, pageCount } = props;
  return (
    <nav class="pagination" aria-label="Pages">
      {page > 1 ? (
        <a rel="prev" href={props.href(page - 1)}>
          ← Previous page
        </a>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a rel="next" href={props.href(page + 1)}>
          Next page →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
