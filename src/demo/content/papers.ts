// Demo papers: factual metadata (title, authors, year, venue) plus an original short description.

export interface DemoPaper {
  arxivId: string;
  /** Latest arXiv version believed to exist. */
  version: number;
  title: string;
  authors: string[];
  year: number;
  venue: { key: string; name: string };
  /** arXiv categories, primary first. */
  categories: string[];
  /** A short description written for the demo (not the paper's own abstract). */
  abstract: string;
  doi?: string;
}

export const demoPapers: DemoPaper[] = [
  {
    arxivId: "1609.05473",
    version: 6,
    title: "SeqGAN: Sequence Generative Adversarial Nets with Policy Gradient",
    authors: ["Lantao Yu", "Weinan Zhang", "Jun Wang", "Yong Yu"],
    year: 2017,
    venue: { key: "aaai", name: "AAAI" },
    categories: ["cs.LG", "cs.AI"],
    abstract:
      "Shows how to train a generator of discrete token sequences adversarially, even though the discriminator's gradient cannot flow through sampled tokens. The generator is treated as a reinforcement-learning policy rewarded by the discriminator's verdict, and Monte Carlo rollouts give credit to unfinished sequences. Experiments on synthetic data from an oracle language model, on poetry, speeches and music report gains over maximum-likelihood training.",
    doi: "10.48550/arXiv.1609.05473",
  },
  {
    arxivId: "1602.07360",
    version: 4,
    title: "SqueezeNet: AlexNet-level accuracy with 50x fewer parameters and <0.5MB model size",
    authors: [
      "Forrest N. Iandola",
      "Song Han",
      "Matthew W. Moskewicz",
      "Khalid Ashraf",
      "William J. Dally",
      "Kurt Keutzer",
    ],
    year: 2016,
    venue: { key: "corr", name: "arXiv (CoRR)" },
    categories: ["cs.CV", "cs.AI"],
    abstract:
      "Designs a convolutional network for ImageNet that matches AlexNet's accuracy with about fifty times fewer parameters. Its building block, the Fire module, squeezes the channels with 1x1 convolutions before expanding them again with a mix of 1x1 and 3x3 filters. Combined with model compression the network fits in under half a megabyte, and the paper explores how the main design choices trade size for accuracy.",
    doi: "10.48550/arXiv.1602.07360",
  },
  {
    arxivId: "1606.03432",
    version: 2,
    title: "Scan Order in Gibbs Sampling: Models in Which it Matters and Bounds on How Much",
    authors: ["Bryan He", "Christopher De Sa", "Ioannis Mitliagkas", "Christopher Re"],
    year: 2016,
    venue: { key: "nips", name: "NeurIPS" },
    categories: ["cs.LG", "stat.ML"],
    abstract:
      "Compares the two usual ways of ordering updates in Gibbs sampling: resampling a randomly chosen variable at each step, or sweeping through the variables in a fixed order. The authors build models in which this choice changes the mixing time by far more than the logarithmic factor folklore suggested, and prove that under mild conditions the gap is nevertheless at most polynomial. The analysis views systematic scan as a chain on an augmented state space and bounds its conductance.",
  },
  {
    arxivId: "1707.04585",
    version: 1,
    title: "The Reversible Residual Network: Backpropagation Without Storing Activations",
    authors: ["Aidan N. Gomez", "Mengye Ren", "Raquel Urtasun", "Roger B. Grosse"],
    year: 2017,
    venue: { key: "nips", name: "NeurIPS" },
    categories: ["cs.CV", "cs.LG"],
    abstract:
      "Introduces residual networks built from reversible blocks, whose inputs can be recomputed exactly from their outputs. Backpropagation can then rebuild activations on the fly instead of keeping them in memory, so activation storage no longer grows with depth. On CIFAR and ImageNet the reversible networks come close to the accuracy of comparable ResNets, at the price of some extra computation.",
    doi: "10.48550/arXiv.1707.04585",
  },
  {
    arxivId: "1905.02175",
    version: 4,
    title: "Adversarial Examples Are Not Bugs, They Are Features",
    authors: [
      "Andrew Ilyas",
      "Shibani Santurkar",
      "Dimitris Tsipras",
      "Logan Engstrom",
      "Brandon Tran",
      "Aleksander Madry",
    ],
    year: 2019,
    venue: { key: "nips", name: "NeurIPS" },
    categories: ["stat.ML", "cs.CR", "cs.CV", "cs.LG"],
    abstract:
      "Argues that adversarial examples exist because classifiers rely on non-robust features: patterns that genuinely predict the label in the data but that tiny perturbations can flip. Experiments separate robust from non-robust features by building new training sets, including one that looks mislabeled to humans yet teaches a model to classify the real test set well. A simple Gaussian model illustrates the same phenomenon theoretically.",
    doi: "10.48550/arXiv.1905.02175",
  },
];
