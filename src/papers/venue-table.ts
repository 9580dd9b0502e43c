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

/** key, display name, section, acronyms and DBLP streams (space-separated), names. */
const v = (
  key: string,
  name: string,
  section: Section | null,
  acronyms: string,
  dblp: string,
  names: string[],
): KnownVenue => ({
  key,
  name,
  section,
  acronyms: acronyms.split(" ").filter((a) => a),
  names,
  dblp: dblp.split(" ").filter((d) => d),
});

export const KNOWN_VENUES: readonly KnownVenue[] = [
  v("nips", "NeurIPS", "cs", "NeurIPS NIPS", "conf/nips", [
    "Advances in Neural Information Processing Systems",
    "Conference on Neural Information Processing Systems",
    "Neural Information Processing Systems",
    "Adv. Neural Inf. Process. Syst.",
  ]),
  v("icml", "ICML", "cs", "ICML", "conf/icml", ["International Conference on Machine Learning"]),
  v("iclr", "ICLR", "cs", "ICLR", "conf/iclr", [
    "International Conference on Learning Representations",
  ]),
  v("cvpr", "CVPR", "cs", "CVPR", "conf/cvpr", [
    "Conference on Computer Vision and Pattern Recognition",
    "Computer Vision and Pattern Recognition",
  ]),
  v("iccv", "ICCV", "cs", "ICCV", "conf/iccv", ["International Conference on Computer Vision"]),
  v("eccv", "ECCV", "cs", "ECCV", "conf/eccv", ["European Conference on Computer Vision"]),
  v("acl", "ACL", "cs", "ACL", "conf/acl", [
    "Annual Meeting of the Association for Computational Linguistics",
    "Meeting of the Association for Computational Linguistics",
  ]),
  v("emnlp", "EMNLP", "cs", "EMNLP", "conf/emnlp", [
    "Conference on Empirical Methods in Natural Language Processing",
    "Empirical Methods in Natural Language Processing",
  ]),
  v("naacl", "NAACL", "cs", "NAACL", "conf/naacl", [
    "Conference of the North American Chapter of the Association for Computational Linguistics",
    "North American Chapter of the Association for Computational Linguistics",
  ]),
  v("coling", "COLING", "cs", "COLING", "conf/coling", [
    "International Conference on Computational Linguistics",
  ]),
  v("tacl", "TACL", "cs", "TACL", "journals/tacl", [
    "Transactions of the Association for Computational Linguistics",
    "Trans. Assoc. Comput. Linguistics",
  ]),
  v("aaai", "AAAI", "cs", "AAAI", "conf/aaai", ["AAAI Conference on Artificial Intelligence"]),
  v("ijcai", "IJCAI", "cs", "IJCAI", "conf/ijcai", [
    "International Joint Conference on Artificial Intelligence",
  ]),
  v("aistats", "AISTATS", "cs", "AISTATS", "conf/aistats", [
    "International Conference on Artificial Intelligence and Statistics",
    "Artificial Intelligence and Statistics",
  ]),
  v("uai", "UAI", "cs", "UAI", "conf/uai", [
    "Conference on Uncertainty in Artificial Intelligence",
    "Uncertainty in Artificial Intelligence",
  ]),
  v("colt", "COLT", "cs", "COLT", "conf/colt", [
    "Conference on Learning Theory",
    "Annual Conference on Learning Theory",
    "Conference on Computational Learning Theory",
  ]),
  v("kdd", "KDD", "cs", "KDD SIGKDD", "conf/kdd", [
    "ACM SIGKDD International Conference on Knowledge Discovery and Data Mining",
    "International Conference on Knowledge Discovery and Data Mining",
    "Knowledge Discovery and Data Mining",
  ]),
  v("sigir", "SIGIR", "cs", "SIGIR", "conf/sigir", [
    "International ACM SIGIR Conference on Research and Development in Information Retrieval",
  ]),
  v("www", "The Web Conference (WWW)", "cs", "WWW", "conf/www", [
    "The Web Conference",
    "International World Wide Web Conference",
    "World Wide Web Conference",
  ]),
  v("icassp", "ICASSP", "eess", "ICASSP", "conf/icassp", [
    "International Conference on Acoustics, Speech and Signal Processing",
  ]),
  v("interspeech", "Interspeech", "eess", "INTERSPEECH Interspeech", "conf/interspeech", []),
  v("jmlr", "JMLR", "cs", "JMLR", "journals/jmlr", [
    "Journal of Machine Learning Research",
    "J. Mach. Learn. Res.",
  ]),
  v("pami", "IEEE TPAMI", "cs", "TPAMI PAMI", "journals/pami", [
    "IEEE Transactions on Pattern Analysis and Machine Intelligence",
    "IEEE Trans. Pattern Anal. Mach. Intell.",
  ]),
  v("tmlr", "TMLR", "cs", "TMLR", "journals/tmlr", ["Transactions on Machine Learning Research"]),
  v("corr", "arXiv (CoRR)", null, "CoRR", "journals/corr", [
    "arXiv",
    "arXiv preprint",
    "Computing Research Repository",
  ]),
  v("nature", "Nature", null, "", "journals/nature", ["Nature"]),
  v("science", "Science", null, "", "journals/science", ["Science"]),
  v("pnas", "PNAS", null, "PNAS", "journals/pnas", [
    "Proceedings of the National Academy of Sciences",
    "Proceedings of the National Academy of Sciences of the United States of America",
    "Proc. Natl. Acad. Sci. USA",
    "Proc. Natl. Acad. Sci. U.S.A.",
  ]),
  v("prl", "Physical Review Letters", "physics", "PRL", "", [
    "Physical Review Letters",
    "Phys. Rev. Lett.",
  ]),
];
