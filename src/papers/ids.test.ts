import { describe, expect, it } from "vitest";
import { externalUrl, parsePaperId } from "./ids";

describe("parsePaperId", () => {
  it.each([
    ["1609.05473", "1609.05473", undefined],
    ["arXiv:1707.04585v2", "1707.04585", 2],
    ["  1905.02175  ", "1905.02175", undefined],
    ["https://arxiv.org/abs/1602.07360v4", "1602.07360", 4],
    ["http://export.arxiv.org/pdf/1606.03432.pdf", "1606.03432", undefined],
    ["hep-th/9901001v3", "hep-th/9901001", 3],
    ["math.GT/0309136", "math.GT/0309136", undefined],
    ["MATH.gt/0309136v1", "math.GT/0309136", 1],
  ])("reads arXiv %s", (input, value, version) => {
    const id = parsePaperId(input);
    expect(id?.scheme).toBe("arxiv");
    expect(id?.value).toBe(value);
    expect(id?.version).toBe(version);
  });

  it.each([
    ["journals/corr/1609.05473", "1609.05473"],
    ["journals/corr/abs-1707-04585", "1707.04585"],
  ])("maps the legacy ShortScience / DBLP CoRR key %s to the arXiv paper", (input, value) => {
    expect(parsePaperId(input)).toEqual({ scheme: "arxiv", value });
  });

  it("keeps other DBLP keys as DBLP keys", () => {
    expect(parsePaperId("conf/nips/GomezRUG17")).toEqual({
      scheme: "dblp",
      value: "conf/nips/GomezRUG17",
    });
  });

  it.each([
    ["10.1038/nature14539", "10.1038/nature14539"],
    ["doi:10.1145/3065386.", "10.1145/3065386"],
    ["https://doi.org/10.1609/AAAI.V31I1.10804", "10.1609/aaai.v31i1.10804"],
    ["https://dx.doi.org/10.1000/ABC%2F1", "10.1000/abc/1"],
  ])("normalizes the DOI %s", (input, value) => {
    expect(parsePaperId(input)).toEqual({ scheme: "doi", value });
  });

  it.each(["", "hello world", "1609.054", "javascript:alert(1)", "x".repeat(600), "10.12/x"])(
    "rejects %s",
    (input) => {
      expect(parsePaperId(input)).toBeNull();
    },
  );

  it("links identifiers to their home service", () => {
    expect(externalUrl({ scheme: "arxiv", value: "1707.04585", version: 1 })).toBe(
      "https://arxiv.org/abs/1707.04585v1",
    );
    expect(externalUrl({ scheme: "doi", value: "10.1/x" })).toBe("https://doi.org/10.1/x");
  });
});
