import { describe, expect, it } from "vitest";
import { normalizeVenue, sectionOfVenue, venueFromDblpKey } from "./venue-names";

describe("normalizeVenue", () => {
  // [input, key, name] — name only checked when given.
  const cases: [string, string, string?][] = [
    ["Advances in Neural Information Processing Systems 30 (NIPS 2017)", "nips", "NeurIPS"],
    ["Advances in Neural Information Processing Systems", "nips"],
    ["NeurIPS 2020", "nips"],
    ["Neural Information Processing Systems", "nips"],
    ["NIPS'17", "nips"],
    ["ICML 2019", "icml", "ICML"],
    [
      "Proceedings of the 36th International Conference on Machine Learning, Long Beach, California, PMLR 97, 2019",
      "icml",
    ],
    ["Published as a conference paper at ICLR 2018", "iclr"],
    ["International Conference on Learning Representations", "iclr"],
    ["2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", "cvpr"],
    ["IEEE/CVF Conference on Computer Vision and Pattern Recognition", "cvpr"],
    ["Proceedings of the IEEE International Conference on Computer Vision", "iccv"],
    ["ECCV (3)", "eccv"],
    [
      "Proceedings of the 57th Annual Meeting of the Association for Computational Linguistics",
      "acl",
    ],
    [
      "Proceedings of the 2018 Conference on Empirical Methods in Natural Language Processing",
      "emnlp",
    ],
    [
      "Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational Linguistics: Human Language Technologies, Volume 1",
      "naacl",
    ],
    ["NAACL-HLT", "naacl"],
    ["Proceedings of the AAAI Conference on Artificial Intelligence", "aaai"],
    ["IJCAI-19", "ijcai"],
    ["KDD '18", "kdd"],
    ["J. Mach. Learn. Res.", "jmlr", "JMLR"],
    ["Journal of Machine Learning Research 18 (2017) 1-52", "jmlr"],
    ["IEEE Transactions on Pattern Analysis and Machine Intelligence", "pami"],
    ["IEEE Trans. Pattern Anal. Mach. Intell. 40(4): 834-848 (2018)", "pami"],
    ["Nature 521, 436-444 (2015)", "nature", "Nature"],
    ["Nature", "nature"],
    ["Science 313 (5786), 504-507", "science"],
    ["Phys. Rev. Lett. 99, 010401 (2007)", "prl", "Physical Review Letters"],
    ["Physical Review Letters", "prl"],
    ["Proc. Natl. Acad. Sci. USA 115, 1 (2018)", "pnas"],
    ["CoRR", "corr"],
    // Unknown venues: a slug of the name without years, ordinals, volumes or "Proceedings of".
    ["Phys. Rev. D 76, 044016 (2007)", "phys-rev-d", "Phys. Rev. D"],
    ["Nature Communications 9, 1234 (2018)", "nature-communications", "Nature Communications"],
    ["J. Phys. A: Math. Theor. 40 (2007) 1-10", "j-phys-a", "J. Phys. A"],
    ["JHEP 0601:123,2006", "jhep", "JHEP"],
    [
      "Proceedings of the 5th Workshop on Representation Learning for NLP",
      "workshop-on-representation-learning-for-nlp",
      "Workshop on Representation Learning for NLP",
    ],
    ["Workshop on Deep Learning at NeurIPS 2019", "workshop-on-deep-learning-at-neurips"],
    ["In: Revista Matemática Iberoamericana, vol. 3", "revista-matematica-iberoamericana"],
    ["Astrophys.J. 645 (2006) 1-10", "astrophys-j"],
    ["Phys.Rev.D76:013009,2007", "phys-rev-d", "Phys.Rev.D"],
    ["Adv.Theor.Math.Phys.2:231-252,1998", "adv-theor-math-phys", "Adv.Theor.Math.Phys."],
    ["Phys.Rev.Lett.99:010401,2007", "prl"],
    ["ICML2019", "icml"],
    ["International Conference on 3D Vision", "international-conference-on-3d-vision"],
  ];
  it.each(cases)("%s → %s", (input, key, name) => {
    const venue = normalizeVenue(input);
    expect(venue?.key).toBe(key);
    if (name !== undefined) expect(venue?.name).toBe(name);
  });

  it.each([[""], ["   "], ["2019"], ["pp. 1-10"], [null], [undefined]])("%s → null", (input) => {
    expect(normalizeVenue(input)).toBeNull();
  });

  it("keeps keys within their length", () => {
    const venue = normalizeVenue(`Journal of ${"Very ".repeat(40)}Long Names`);
    expect(venue?.key.length).toBeLessThanOrEqual(64);
    expect(venue?.key).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});

describe("venueFromDblpKey", () => {
  const cases: [string, string | null, string, string, string | null][] = [
    ["conf/nips/VaswaniSPUJGKP17", "NIPS", "nips", "NeurIPS", "cs"],
    ["conf/nips/Foo20", "NeurIPS", "nips", "NeurIPS", "cs"],
    ["journals/corr/abs-1707-04585", "CoRR", "corr", "arXiv (CoRR)", null],
    [
      "journals/pami/HeZRS15",
      "IEEE Trans. Pattern Anal. Mach. Intell.",
      "pami",
      "IEEE TPAMI",
      "cs",
    ],
    ["journals/tcs/Smith99", "Theor. Comput. Sci.", "tcs", "Theor. Comput. Sci.", "cs"],
    ["conf/sigmod/X20", null, "sigmod", "SIGMOD", "cs"],
    ["journals/nature/LeCunBH15", "Nat.", "nature", "Nature", null],
  ];
  it.each(cases)("%s (%s) → %s", (key, name, venueKey, venueName, section) => {
    expect(venueFromDblpKey(key, name)).toEqual({ key: venueKey, name: venueName, section });
  });

  it("falls back to the name for keys outside conf/ and journals/", () => {
    expect(venueFromDblpKey("books/sp/Smith10", null)).toBeNull();
    expect(venueFromDblpKey("series/lncs/X", "ICML")?.key).toBe("icml");
  });
});

describe("sectionOfVenue", () => {
  it.each([
    ["nips", "cs"],
    ["prl", "physics"],
    ["nature", null],
    ["science", null],
    ["phys-rev-d", "physics"],
    ["annals-of-statistics", "stat"],
    ["journal-of-algebra", "math"],
    ["bioinformatics", "bio"],
    ["econometrica", "econ"],
    ["some-journal", null],
  ])("%s → %s", (key, section) => {
    expect(sectionOfVenue(key)).toBe(section);
  });
});
