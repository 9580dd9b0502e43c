// Demo votes and comments. Nobody votes on or comments on their own summary, and the private
// summary gets neither. Scores differ so that ordering by score is visible.

export interface DemoVote {
  voter: string;
  summaryKey: string;
  value: 1 | -1;
}

export interface DemoComment {
  author: string;
  summaryKey: string;
  /** Markdown, may use $math$. */
  body: string;
  daysAgo: number;
}

export const demoVotes: DemoVote[] = [
  // revnet-main (mkestrel): +4
  { voter: "rpenhallow", summaryKey: "revnet-main", value: 1 },
  { voter: "jsolberg", summaryKey: "revnet-main", value: 1 },
  { voter: "lquintero", summaryKey: "revnet-main", value: 1 },
  { voter: "bokafor", summaryKey: "revnet-main", value: 1 },
  // squeezenet-main (jsolberg): +3
  { voter: "mkestrel", summaryKey: "squeezenet-main", value: 1 },
  { voter: "rpenhallow", summaryKey: "squeezenet-main", value: 1 },
  { voter: "lquintero", summaryKey: "squeezenet-main", value: 1 },
  // adv-features-main (bokafor): +2
  { voter: "mkestrel", summaryKey: "adv-features-main", value: 1 },
  { voter: "rpenhallow", summaryKey: "adv-features-main", value: 1 },
  { voter: "lquintero", summaryKey: "adv-features-main", value: 1 },
  { voter: "jsolberg", summaryKey: "adv-features-main", value: -1 },
  // gibbs-scan-order-main (lquintero, anonymous): +2
  { voter: "mkestrel", summaryKey: "gibbs-scan-order-main", value: 1 },
  { voter: "bokafor", summaryKey: "gibbs-scan-order-main", value: 1 },
  // seqgan-main (rpenhallow): +1
  { voter: "mkestrel", summaryKey: "seqgan-main", value: 1 },
  { voter: "lquintero", summaryKey: "seqgan-main", value: 1 },
  { voter: "bokafor", summaryKey: "seqgan-main", value: -1 },
  // adv-features-skeptical (jsolberg): 0
  { voter: "mkestrel", summaryKey: "adv-features-skeptical", value: 1 },
  { voter: "lquintero", summaryKey: "adv-features-skeptical", value: -1 },
  { voter: "rpenhallow", summaryKey: "adv-features-skeptical", value: 1 },
  { voter: "bokafor", summaryKey: "adv-features-skeptical", value: -1 },
];

export const demoComments: DemoComment[] = [
  {
    author: "mkestrel",
    summaryKey: "seqgan-main",
    daysAgo: 39,
    body: "Worth adding how expensive the rollouts are. With $N$ rollouts for every prefix of a length-$T$ sequence, one generator update samples about $\\sum_{t=1}^{T} N (T - t) \\approx N T^2 / 2$ extra tokens per sequence. That quadratic term is why most reimplementations keep $T$ short.",
  },
  {
    author: "lquintero",
    summaryKey: "seqgan-main",
    daysAgo: 36,
    body: "Nice write-up. One thing I would make explicit: the gradient estimate is unbiased only if the rollout policy $G_\\beta$ is the current generator. If $G_\\beta$ lags behind $G_\\theta$ it trades a little bias for stability, which is a reasonable deal but a deal nonetheless.",
  },
  {
    author: "bokafor",
    summaryKey: "squeezenet-main",
    daysAgo: 30,
    body: "The point about parameters versus FLOPs deserves to be in bold. I once chose SqueezeNet for a microcontroller because it fit in flash, and then discovered the early layers' activation maps did not fit in RAM.",
  },
  {
    author: "bokafor",
    summaryKey: "gibbs-scan-order-main",
    daysAgo: 25,
    body: "The toy dependency chain made the $n$ versus $n^2$ gap click for me. Do the bounds say anything useful for grid models like the Ising model, where people use checkerboard sweeps? There the variables of one colour are conditionally independent given the other colour, so I would guess scan order within a colour does not matter at all.",
  },
  {
    author: "lquintero",
    summaryKey: "revnet-main",
    daysAgo: 18,
    body: "The array makes the symmetry obvious, thanks. On numerics: each inverse computes $x_2 = y_2 - \\mathcal{G}(y_1)$, a subtraction of two nearly equal quantities whenever $\\mathcal{G}$ dominates, so reconstruction error can grow with depth. In float32 with well-behaved residual branches it seems harmless, but I would be careful in half precision.",
  },
  {
    author: "rpenhallow",
    summaryKey: "revnet-main",
    daysAgo: 16,
    body: "Practical question: when $\\mathcal{F}$ and $\\mathcal{G}$ are recomputed in the backward pass, batch norm runs twice. Do you freeze the running statistics during recomputation, or does the double update not matter in practice?",
  },
  {
    author: "jsolberg",
    summaryKey: "adv-features-main",
    daysAgo: 8,
    body: "Clear summary of the experiments. I wrote a more skeptical take on the *interpretation*: usefulness is defined for a fixed $\\Delta(x)$, so whether a feature is robust depends on the threat model we picked, not only on the data.",
  },
  {
    author: "bokafor",
    summaryKey: "adv-features-skeptical",
    daysAgo: 7,
    body: "Fair points, and the table is a nice way to put it. I still think the relabeling experiment is more than distillation: with a deterministic target $t = (y + 1) \\bmod C$, the student learns to classify clean images correctly even though every training label disagrees with the visible content. Whatever the teacher encoded, it is something that generalises to natural data.",
  },
];
