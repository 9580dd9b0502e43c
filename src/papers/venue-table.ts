// Well-known venues and every way sources spell them: DBLP streams, acronyms as they appear in
// arXiv journal-refs ("ICML 2019", "(NIPS 2017)"), and full or abbreviated names as Crossref
// and publishers print them. Keys follow DBLP's stream names where DBLP has one (nips, pami),
// so that a venue found through any source lands on the same row.

import type { Section } from "./sections";

export interface KnownVenue {
  key: string;
  name: string;
  section: Section | null;
  /** Matched as whole words, case-sensitive (plus all capitals): "NeurIPS", "NEURIPS". */
  acronyms: string[];
  /** Full and abbreviated names; compared after the same normalization as the input. */
  names: string[];
  /** DBLP streams: the first two segments of a record key. */
  dblp: string[];
}

const v = (
  key: string,
  name: string,
  section: Section | null,
  acronyms: string[],
  names: string[],
  dblp: string[] = [],
): KnownVenue => ({ key, name, section, acronyms, names, dblp });

export const KNOWN_VENUES: readonly KnownVenue[] = [
  v(
    "nips",
    "NeurIPS",
    "cs",
    ["NeurIPS", "NIPS"],
    [
      "Advances in Neural Information Processing Systems",
      "Conference on Neural Information Processing Systems",
      "Neural Information Processing Systems",
      "Adv. Neural Inf. Process. Syst.",
    ],
    ["conf/nips"],
  ),
  v(
    "icml",
    "ICML",
    "cs",
    ["ICML"],
    ["International Conference on Machine Learning"],
    ["conf/icml"],
  ),
  v(
    "iclr",
    "ICLR",
    "cs",
    ["ICLR"],
    ["International Conference on Learning Representations"],
    ["conf/iclr"],
  ),
  v(
    "cvpr",
    "CVPR",
    "cs",
    ["CVPR"],
    [
      "Conference on Computer Vision and Pattern Recognition",
      "Computer Vision and Pattern Recognition",
    ],
    ["conf/cvpr"],
  ),
  v("iccv", "ICCV", "cs", ["ICCV"], ["International Conference on Computer Vision"], ["conf/iccv"]),
  v("eccv", "ECCV", "cs", ["ECCV"], ["European Conference on Computer Vision"], ["conf/eccv"]),
  v(
    "acl",
    "ACL",
    "cs",
    ["ACL"],
    [
      "Annual Meeting of the Association for Computational Linguistics",
      "Meeting of the Association for Computational Linguistics",
    ],
    ["conf/acl"],
  ),
  v(
    "emnlp",
    "EMNLP",
    "cs",
    ["EMNLP"],
    [
      "Conference on Empirical Methods in Natural Language Processing",
      "Empirical Methods in Natural Language Processing",
    ],
    ["conf/emnlp"],
  ),
  v(
    "naacl",
    "NAACL",
    "cs",
    ["NAACL"],
    [
      "Conference of the North American Chapter of the Association for Computational Linguistics",
      "North American Chapter of the Association for Computational Linguistics",
    ],
    ["conf/naacl"],
  ),
  v(
    "coling",
    "COLING",
    "cs",
    ["COLING"],
    ["International Conference on Computational Linguistics"],
    ["conf/coling"],
  ),
  v(
    "tacl",
    "TACL",
    "cs",
    ["TACL"],
    [
      "Transactions of the Association for Computational Linguistics",
      "Trans. Assoc. Comput. Linguistics",
    ],
    ["journals/tacl"],
  ),
  v("aaai", "AAAI", "cs", ["AAAI"], ["AAAI Conference on Artificial Intelligence"], ["conf/aaai"]),
  v(
    "ijcai",
    "IJCAI",
    "cs",
    ["IJCAI"],
    ["International Joint Conference on Artificial Intelligence"],
    ["conf/ijcai"],
  ),
  v(
    "aistats",
    "AISTATS",
    "cs",
    ["AISTATS"],
    [
      "International Conference on Artificial Intelligence and Statistics",
      "Artificial Intelligence and Statistics",
    ],
    ["conf/aistats"],
  ),
  v(
    "uai",
    "UAI",
    "cs",
    ["UAI"],
    [
      "Conference on Uncertainty in Artificial Intelligence",
      "Uncertainty in Artificial Intelligence",
    ],
    ["conf/uai"],
  ),
  v(
    "colt",
    "COLT",
    "cs",
    ["COLT"],
    [
      "Conference on Learning Theory",
      "Annual Conference on Learning Theory",
      "Conference on Computational Learning Theory",
    ],
    ["conf/colt"],
  ),
  v(
    "kdd",
    "KDD",
    "cs",
    ["KDD", "SIGKDD"],
    [
      "ACM SIGKDD International Conference on Knowledge Discovery and Data Mining",
      "International Conference on Knowledge Discovery and Data Mining",
      "Knowledge Discovery and Data Mining",
    ],
    ["conf/kdd"],
  ),
  v(
    "sigir",
    "SIGIR",
    "cs",
    ["SIGIR"],
    ["International ACM SIGIR Conference on Research and Development in Information Retrieval"],
    ["conf/sigir"],
  ),
  v(
    "www",
    "The Web Conference (WWW)",
    "cs",
    ["WWW"],
    ["The Web Conference", "International World Wide Web Conference", "World Wide Web Conference"],
    ["conf/www"],
  ),
  v(
    "icassp",
    "ICASSP",
    "eess",
    ["ICASSP"],
    ["International Conference on Acoustics, Speech and Signal Processing"],
    ["conf/icassp"],
  ),
  v("interspeech", "Interspeech", "eess", ["INTERSPEECH", "Interspeech"], [], ["conf/interspeech"]),
  v(
    "jmlr",
    "JMLR",
    "cs",
    ["JMLR"],
    ["Journal of Machine Learning Research", "J. Mach. Learn. Res."],
    ["journals/jmlr"],
  ),
  v(
    "pami",
    "IEEE TPAMI",
    "cs",
    ["TPAMI", "PAMI"],
    [
      "IEEE Transactions on Pattern Analysis and Machine Intelligence",
      "IEEE Trans. Pattern Anal. Mach. Intell.",
    ],
    ["journals/pami"],
  ),
  v(
    "tmlr",
    "TMLR",
    "cs",
    ["TMLR"],
    ["Transactions on Machine Learning Research"],
    ["journals/tmlr"],
  ),
  v(
    "corr",
    "arXiv (CoRR)",
    null,
    ["CoRR"],
    ["arXiv", "arXiv preprint", "Computing Research Repository"],
    ["journals/corr"],
  ),
  v("nature", "Nature", null, [], ["Nature"], ["journals/nature"]),
  v("science", "Science", null, [], ["Science"], ["journals/science"]),
  v(
    "pnas",
    "PNAS",
    null,
    ["PNAS"],
    [
      "Proceedings of the National Academy of Sciences",
      "Proceedings of the National Academy of Sciences of the United States of America",
      "Proc. Natl. Acad. Sci. USA",
      "Proc. Natl. Acad. Sci. U.S.A.",
    ],
    ["journals/pnas"],
  ),
  v(
    "prl",
    "Physical Review Letters",
    "physics",
    ["PRL"],
    ["Physical Review Letters", "Phys. Rev. Lett."],
  ),
];
