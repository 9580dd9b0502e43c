import type { PageCtx } from "../core/page-context";
import { Layout } from "./layout";

const TITLES: Record<number, string> = {
  400: "That request was not understood",
  403: "Not allowed",
  404: "Page not found",
  409: "That conflicts with what is there",
  413: "That is too large",
  422: "That could not be processed",
  429: "Too many requests",
  500: "Something went wrong",
  503: "Temporarily unavailable",
};

export function ErrorPage(props: { page: PageCtx; status: number; message: string }) {
  const title = TITLES[props.status] ?? "Something went wrong";
  return (
    <Layout page={props.page} title={title}>
      <section class="error-page">
        <p class="error-status">Error {props.status}</p>
        <h1>{title}</h1>
        <p>{props.message}</p>
        <p>
          <a href="/">Back to the summaries</a>
        </p>
      </section>
    </Layout>
  );
}
