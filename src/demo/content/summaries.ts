// Demo summaries, written for the demo. Sources are String.raw so LaTeX backslashes survive:
// never put a backtick or a dollar-brace sequence inside them (code blocks use ~~~ fences).

export interface DemoSummary {
  /** Stable slug. */
  key: string;
  paperArxivId: string;
  /** Username of the author. */
  author: string;
  anonymous?: boolean;
  private?: boolean;
  /** When it was written, in days before load time. */
  daysAgo: number;
  /** Markdown with LaTeX math. */
  source: string;
}

const seqganMain = String.raw`
## The problem: GANs cannot see through a sampled word

A generative adversarial network trains its generator by pushing the discriminator's judgement back through the generator's output. For images that works because outputs are continuous: nudging a pixel nudges the score. Text is a sequence of **discrete tokens** sampled from a softmax, and there is no useful notion of "a little more of the word *cat*". The discriminator's gradient with respect to a sampled token is meaningless, so the standard GAN recipe breaks.

There is a second difficulty. A discriminator judges a *finished* sequence, so it says nothing directly about how good a half-written sentence is.

Meanwhile the usual alternative, maximum likelihood with teacher forcing, suffers from *exposure bias*: during training the model always conditions on a real prefix $y_{<t}$, but at generation time it conditions on its own, possibly wrong, prefix, and mistakes compound.

## The idea: generation as reinforcement learning

SeqGAN treats the generator $G_\theta$ (an LSTM) as a stochastic **policy**. The state at step $t$ is the prefix $Y_{1:t-1}$, the action is the next token $y_t$, and the reward comes from the discriminator $D_\phi$ (a CNN over token embeddings) once the sequence is complete. The generator maximises the expected final reward:

$$
J(\theta) = \mathbb{E}\left[ R_T \mid s_0, \theta \right] = \sum_{y_1 \in \mathcal{Y}} G_\theta(y_1 \mid s_0) \, Q^{G_\theta}_{D_\phi}(s_0, y_1)
$$

To value an unfinished prefix, the authors run **Monte Carlo rollouts**: complete the prefix $N$ times with a rollout policy $G_\beta$ and average the discriminator's scores.

$$
Q^{G_\theta}_{D_\phi}(Y_{1:t-1}, y_t) =
\begin{cases}
\frac{1}{N} \sum_{n=1}^{N} D_\phi\left(Y^{n}_{1:T}\right), \quad Y^{n}_{1:T} \sim \mathrm{MC}^{G_\beta}(Y_{1:t}; N) & t < T \\
D_\phi(Y_{1:t}) & t = T
\end{cases}
$$

With this action value, the REINFORCE-style gradient is

$$
\nabla_\theta J(\theta) \simeq \sum_{t=1}^{T} \mathbb{E}_{y_t \sim G_\theta(\cdot \mid Y_{1:t-1})}\left[ \nabla_\theta \log G_\theta(y_t \mid Y_{1:t-1}) \, Q^{G_\theta}_{D_\phi}(Y_{1:t-1}, y_t) \right]
$$

No gradient ever passes through a sampled token: the discriminator only supplies a scalar reward. The discriminator itself is trained as an ordinary binary classifier on real sequences versus generated ones.

## The training loop

~~~python
pretrain G_theta by maximum likelihood on real sequences
pretrain D_phi on real sequences vs. samples from G_theta
repeat:
    for step in range(g_steps):
        Y = sample_batch(G_theta)
        Q = [rollout_value(Y[:t], G_beta, D_phi, N) for t in range(1, T + 1)]
        policy_gradient_update(G_theta, Y, Q)
    for step in range(d_steps):
        negatives = sample_batch(G_theta)
        train(D_phi, real_batch(), negatives, epochs=k)
~~~

The MLE pretraining matters a lot: a randomly initialised policy produces sequences the discriminator rejects trivially, and the reward signal would carry almost no information.

## Experiments

- **Synthetic data.** A randomly initialised LSTM plays the role of the "true" distribution. Because this oracle can score any sequence, one can measure the negative log-likelihood of generated samples under the oracle, which is a much cleaner metric than anything available for real text. SeqGAN beats MLE, scheduled sampling and a policy-gradient baseline rewarded by BLEU.
- **Real data.** Chinese poems (BLEU and a human study), Barack Obama's speeches, and folk melodies from the Nottingham dataset, with improvements over MLE on the reported metrics.

## Caveats worth knowing

- Rollouts are expensive: every generator update needs many extra sampled continuations.
- The reward is a high-variance, sparse signal; training is sensitive to the balance of generator and discriminator steps.
- Later work (notably *Language GANs Falling Short*) argued that MLE models evaluated with a tuned sampling temperature close much of the gap, so quality and diversity should be measured together.

Even so, the framing of "the discriminator is a learned reward" became the template for many later text GANs. Paper: https://arxiv.org/abs/1609.05473
`;

const squeezenetMain = String.raw`
## The question

Everyone was chasing ImageNet accuracy in 2016. This paper asks a different question: **how few parameters do you need for AlexNet-level accuracy?** Small models matter in practice: less traffic between servers in distributed training, cheaper over-the-air updates (the authors mention cars), and a chance to fit the whole model in the on-chip memory of an FPGA or embedded chip.

## Three design strategies

1. **Replace 3×3 filters with 1×1 filters.** A 1×1 filter has nine times fewer weights.
2. **Feed fewer input channels to the remaining 3×3 filters.** A 3×3 layer costs $9 \, C_{\text{in}} \, C_{\text{out}}$ weights, so shrinking $C_{\text{in}}$ shrinks it proportionally.
3. **Downsample late.** Keep large activation maps deep into the network, which tends to help accuracy for a fixed parameter budget.

The first two strategies save parameters; the third spends the savings wisely.

## The Fire module

The building block implements strategies 1 and 2. A **squeeze** layer of $s_{1\times1}$ 1×1 filters narrows the channels; an **expand** layer then applies $e_{1\times1}$ 1×1 filters and $e_{3\times3}$ 3×3 filters in parallel and concatenates them. The rule is $s_{1\times1} < e_{1\times1} + e_{3\times3}$, so the squeeze really is a bottleneck. For $C$ input channels the weight count (ignoring biases) is

$$
\underbrace{C \, s_{1\times1}}_{\text{squeeze}} + \underbrace{s_{1\times1}\left(e_{1\times1} + 9 \, e_{3\times3}\right)}_{\text{expand}}
$$

compared with $9 \, C \left(e_{1\times1} + e_{3\times3}\right)$ for a plain 3×3 layer of the same output width. With $C = 128$, $s_{1\times1} = 16$ and $e_{1\times1} = e_{3\times3} = 64$ that is about 12 thousand weights instead of about 147 thousand, a twelvefold saving.

## The network

SqueezeNet is a plain stack: a first convolution, eight Fire modules (fire2 to fire9), a final 1×1 convolution with one channel per class, global average pooling and a softmax. Max-pooling with stride 2 appears only after conv1, fire4 and fire8 (strategy 3). There are **no fully connected layers** at all.

![A conventional CNN: convolution and pooling stages followed by fully connected layers](https://upload.wikimedia.org/wikipedia/commons/6/63/Typical_cnn.png)

That last point is a large part of the story: in AlexNet the fully connected layers hold the vast majority of its roughly 60 million parameters. SqueezeNet ends up with about 1.2 million.

## Results on ImageNet

| Model | Compression | Size | Top-1 | Top-5 |
|---|---|---:|---:|---:|
| AlexNet | none | 240 MB | 57.2% | 80.3% |
| SqueezeNet | none | 4.8 MB | 57.5% | 80.3% |
| SqueezeNet | Deep Compression, 8-bit | 0.66 MB | 57.5% | 80.3% |
| SqueezeNet | Deep Compression, 6-bit | 0.47 MB | 57.5% | 80.3% |

Deep Compression (pruning, quantisation and Huffman coding) still works on a model that is already small, which was not obvious: the final model is about 510 times smaller than AlexNet with no loss of accuracy.

## Exploring the design space

- **Squeeze ratio.** Widening the squeeze layers improves accuracy until it plateaus, while the model keeps growing.
- **Share of 3×3 filters.** Accuracy stops improving once about half of the expand filters are 3×3.
- **Bypass connections.** Adding ResNet-style identity shortcuts around some Fire modules raised top-1 accuracy by almost three points at no parameter cost; shortcuts with a 1×1 convolution helped less.

## What to keep in mind

Parameters are not FLOPs, and FLOPs are not latency. SqueezeNet is tiny on disk, but because it keeps large activation maps it is not especially cheap to *run*; later mobile architectures optimised compute directly. As a lesson in where parameters hide, though, it remains a great read.
`;

const gibbsScanOrder = String.raw`
## Two ways to sweep

Gibbs sampling draws from a distribution $\pi$ over $x = (x_1, \dots, x_n)$ by repeatedly resampling one variable from its conditional distribution, $x_i \sim \pi(x_i \mid x_{-i})$. The only freedom is **which variable to update next**:

- **Random scan:** pick $i$ uniformly at random at every step.
- **Systematic scan:** go through $1, 2, \dots, n$ in a fixed order, over and over.

Practitioners overwhelmingly use systematic scan: it is simpler, deterministic and friendly to caches. Theorists overwhelmingly analyse random scan, whose chain is reversible and fits neatly into spectral tools. (Each single-site update is reversible, but a fixed composition of them is not.) So there is a gap between what is proved and what is run.

## Measuring speed fairly

The natural yardstick is the mixing time, counted in *single-variable updates* so that one systematic sweep costs $n$:

$\begin{align} d(t) &= \max_{x} \left\| P^{t}(x, \cdot) - \pi \right\|_{\mbox{TV}} \\ t_{\mbox{mix}}(\epsilon) &= \min \left\{ t : d(t) \le \epsilon \right\} \end{align}$

A folklore belief held that the two orders differ by at most a logarithmic factor. The intuition is the coupon collector: random scan needs about $n \log n$ updates before it has touched every variable once, while a sweep needs exactly $n$.

## Models where the order matters a lot

The paper refutes the belief with explicit constructions, in both directions: models where systematic scan is much faster, and models where it is much slower. Here is a toy illustration in the same spirit (my own simplification). Suppose the variables form a chain of dependencies in which $x_i$ can only change after $x_{i-1}$ has changed. A systematic scan in the matching order moves the change along the whole chain in one sweep. Random scan has to wait for each variable in turn to be selected, about $n$ updates each:

$$
\mathbb{E}\left[\mbox{updates, random scan}\right] \approx \sum_{i=1}^{n} n = n^2 \qquad \mbox{vs.} \qquad n \ \mbox{ for a well-ordered sweep.}
$$

A ratio of $n$ is polynomial, not logarithmic. Reverse the sweep order and systematic scan advances a single link per sweep, losing its advantage entirely; the paper's constructions also include models where systematic scan is genuinely slower than random scan.

## Bounds: how much can it matter?

The positive result is that, under mild conditions (the paper works with lazy versions of the chains), the mixing times of the two scans can differ by at most a **polynomial** factor. The tool is **conductance**, the worst-case probability flow out of a set relative to its mass:

$$
\Phi = \min_{S : 0 < \pi(S) \le \frac{1}{2}} \frac{\sum_{x \in S} \sum_{y \notin S} \pi(x) \, P(x, y)}{\pi(S)}
$$

Cheeger-type inequalities sandwich the mixing time between roughly $1/\Phi$ and $\log\left(1/\pi_{\min}\right) / \Phi^{2}$, up to constants.

The catch is that systematic scan is not a time-homogeneous chain at the level of single updates: which variable moves depends on $t \bmod n$. The authors fix this by **augmenting the state** with the current position in the sweep, giving an ordinary Markov chain on pairs $(x, i)$. Its conductance can be compared with that of random scan, and the Cheeger bounds turn that comparison into a polynomial relation between mixing times.

## Takeaways

1. Scan order is not a detail: in models with directed chains of dependencies it can change mixing by a polynomial factor.
2. It cannot change things arbitrarily: a random-scan guarantee implies a (weaker, polynomially related) systematic-scan guarantee.
3. The augmented-state trick is reusable whenever a sampler cycles through a fixed schedule.
`;

const revnetMain = String.raw`
## The memory wall

Backpropagation needs the activations of every layer from the forward pass. For deep residual networks \cite{1512.03385} this means activation memory grows linearly with depth (and with batch size and image size), and on a GPU it is the activations, not the weights, that run out first. Work such as SqueezeNet \cite{1602.07360} shrinks the *parameters*; RevNets attack the other budget.

![A residual block: the input skips over two weight layers and is added to their output](https://upload.wikimedia.org/wikipedia/commons/b/ba/ResBlock.png)

## The reversible block

Split the channels of the input into two halves and let each half update the other, as in the additive coupling layers of NICE (https://arxiv.org/abs/1410.8516):

$$
\begin{array}{c|c}
\textbf{Forward} & \textbf{Inverse} \\
\hline
(x_1, x_2) = \mbox{split}(x) & (y_1, y_2) = \mbox{split}(y) \\
y_1 = x_1 + \mathcal{F}(x_2) & x_2 = y_2 - \mathcal{G}(y_1) \\
y_2 = x_2 + \mathcal{G}(y_1) & x_1 = y_1 - \mathcal{F}(x_2) \\
y = \mbox{concat}(y_1, y_2) & x = \mbox{concat}(x_1, x_2)
\end{array}
$$

The residual functions $\mathcal{F}$ and $\mathcal{G}$ are ordinary stacks of batch norm, ReLU and convolution. They do **not** need to be invertible: the block is invertible because each half is only ever shifted by a function of the other half.

## Backpropagation without stored activations

During the backward pass each block receives its outputs $(y_1, y_2)$ and the gradients $(\bar{y}_1, \bar{y}_2)$ of the loss with respect to them. It first rebuilds its inputs with the inverse above, then runs $\mathcal{F}$ and $\mathcal{G}$ once more to recover their local computation graph, and finally computes

$$
\begin{aligned}
\bar{z}_1 &= \bar{y}_1 + \left(\frac{\partial \mathcal{G}}{\partial y_1}\right)^{\top} \bar{y}_2 \\
\bar{x}_2 &= \bar{y}_2 + \left(\frac{\partial \mathcal{F}}{\partial x_2}\right)^{\top} \bar{z}_1, \qquad \bar{x}_1 = \bar{z}_1 \\
\bar{w}_{\mathcal{F}} &= \left(\frac{\partial \mathcal{F}}{\partial w_{\mathcal{F}}}\right)^{\top} \bar{z}_1, \qquad \bar{w}_{\mathcal{G}} = \left(\frac{\partial \mathcal{G}}{\partial w_{\mathcal{G}}}\right)^{\top} \bar{y}_2
\end{aligned}
$$

where $\bar{z}_1$ is the total gradient reaching $y_1$ (directly, and through $\mathcal{G}$). The reconstructed $(x_1, x_2)$ and the gradients $(\bar{x}_1, \bar{x}_2)$ are handed to the block below, and so on down the network.

Only the few **non-reversible** layers, where the network downsamples and changes its number of channels, still store their activations. Everything else is recomputed, so activation memory for the reversible part no longer depends on depth.

## What it costs

- **Compute.** Reconstruction is roughly one extra forward pass per block: about a third more arithmetic than ordinary backpropagation in theory, somewhat more in practice.
- **Numerics.** Inversion is exact only in exact arithmetic. Floating-point errors could in principle accumulate over many blocks; the authors report that this did not hurt training in their experiments.
- **Architecture.** Because $\mathcal{F}$ and $\mathcal{G}$ each see half the channels, RevNets are sized with slightly different depth and width to match the parameter counts of the ResNets they are compared against.

## Results

On CIFAR-10, CIFAR-100 and ImageNet, RevNets reach classification errors comparable to ResNets with a similar number of parameters (differences of a fraction of a percentage point in most settings), while the activation memory of the reversible blocks no longer grows with depth.

## Why it matters

Gradient checkpointing trades compute for memory by storing a few activations and recomputing the rest; RevNets push that idea to its limit by making the architecture itself able to recompute everything. The same block later reappeared far outside vision, for example in memory-efficient Transformers. Paper: https://arxiv.org/abs/1707.04585
`;

const revnetNotes = String.raw`
## Private notes before re-implementing RevNet

These are my own notes, not a polished summary. The block itself is easy; the bookkeeping around it is where an implementation goes wrong.

### The block, once more

Forward: $y_1 = x_1 + \mathcal{F}(x_2)$, then $y_2 = x_2 + \mathcal{G}(y_1)$. Inverse: $x_2 = y_2 - \mathcal{G}(y_1)$, then $x_1 = y_1 - \mathcal{F}(x_2)$. The order matters: in the inverse, $\mathcal{G}$ must be evaluated before $\mathcal{F}$, mirroring the forward pass backwards.

### Checklist

1. **Custom autograd function.** The framework must not save intermediate tensors for the reversible stages; wrap each stage so that only its final output is kept and the backward pass reconstructs the rest.
2. **Batch norm statistics.** Recomputing $\mathcal{F}$ and $\mathcal{G}$ during the backward pass runs batch norm a second time. In training mode that would update the running mean and variance twice per step. Either freeze the running statistics during recomputation or restore them afterwards.
3. **Randomness.** Any dropout inside $\mathcal{F}$ or $\mathcal{G}$ must use the *same* mask when recomputed, otherwise the reconstructed activations do not match the forward pass. Save the RNG state per block.
4. **Precision.** Check the reconstruction error $\left\| x - \hat{x} \right\|$ per stage in float32 first; only then try half precision, where cancellation in $y_2 - \mathcal{G}(y_1)$ could be worse.
5. **Non-reversible layers.** The downsampling layers between stages keep their activations as usual; measure memory with and without them to see how much is actually saved.

### Sanity test

    x = random_batch()
    y = block.forward(x)
    x_hat = block.inverse(y)
    assert max_abs(x - x_hat) < 1e-5
    compare gradients against a plain (non-reversible) implementation

### Open questions for myself

- Does the saving still matter at the batch sizes I actually use, or is the bottleneck elsewhere?
- How does the extra forward pass interact with mixed-precision kernels, where recomputation is cheap but memory traffic is not?
- Would plain gradient checkpointing every few blocks be good enough for my models, with less code to maintain?

Publish a cleaned-up version once the implementation passes the gradient test.
`;

const advFeaturesMain = String.raw`
## The claim in one sentence

Adversarial examples are not a strange failure of neural networks; they are a consequence of models using **non-robust features**, patterns that genuinely predict the label on the data distribution but are brittle and imperceptible to humans.

## Features, useful and robust

Take binary labels $y \in \{-1, +1\}$ and think of a feature as any function $f$ from inputs to real numbers. A feature is **$\rho$-useful** if it correlates with the label: $\mathbb{E}_{(x,y) \sim \mathcal{D}}\left[ y \, f(x) \right] \ge \rho$. It is **$\gamma$-robustly useful** if it stays correlated even when an adversary perturbs the input within an allowed set $\Delta(x)$, such as a small $\ell_2$ ball:

$$
\mathbb{E}_{(x,y) \sim \mathcal{D}}\left[ \inf_{\delta \in \Delta(x)} y \, f(x + \delta) \right] \ge \gamma
$$

A **useful, non-robust feature** is useful for some $\rho > 0$ but not robustly useful for any $\gamma \ge 0$. Standard training minimises the expected loss and will happily use *any* useful feature. Adversarial training instead finds

$$
\theta^* = \arg\min_{\theta} \; \mathbb{E}_{(x,y) \sim \mathcal{D}}\left[ \max_{\delta \in \Delta(x)} \mathcal{L}_{\theta}(x + \delta, y) \right]
$$

which forces the model to rely on robust features only.

## Experiment 1: separating the two kinds of features

Using the penultimate representation of an adversarially trained model, the authors synthesise a new training set: for each image they start from an unrelated image and optimise it until the robust model's representation matches the original's, keeping the original label. A **standard** model trained on this "robustified" dataset turns out to be noticeably robust on the real test set. The robustness was in the data, not the training algorithm. Doing the same with a standard model's representation yields data on which models reach good accuracy but essentially no robustness.

## Experiment 2: the dataset that looks mislabeled

The most striking experiment:

1. Take each training image $x_i$ and pick a target class $t$.
2. Add a small adversarial perturbation so that a standard model classifies it as $t$.
3. Relabel the perturbed image as $t$.

To a human every image now carries the wrong label. Yet a fresh model trained on it classifies the *original, correctly labeled* test set far above chance. When $t$ is a fixed function of the true class, the robust features actively point the wrong way, so the only thing the model can have learned from are the non-robust features planted by the perturbations. Those features therefore generalise.

## Transferability, explained

If different models trained on the same data pick up the same non-robust features, an adversarial example for one model should fool another. The authors find that architectures which learn non-robust features well are also more vulnerable to transferred attacks.

## A theoretical toy model

For a mixture of two Gaussians with means $\pm\mu^*$ and covariance $\Sigma^*$, vulnerability comes from a mismatch between the metric in which the adversary is constrained ($\ell_2$) and the geometry of the data (the Mahalanobis metric induced by $\Sigma^*$). Robust training pulls the learned metric toward $\ell_2$, which also explains why robust models have more perceptually aligned gradients.

## Why it matters

If adversarial vulnerability comes from the data, then robustness and human-interpretable explanations cannot come from the data alone: we have to state, as a prior, which features we consider meaningful. Paper: https://arxiv.org/abs/1905.02175
`;

const advFeaturesSkeptical = String.raw`
## A more skeptical reading

The experiments in \cite{1905.02175} are clever and, as far as I know, have replicated well. What I want to push back on is the **framing**: "not bugs, but features" is a stronger statement than the evidence supports. This summary focuses on what the paper shows and where the slogan overreaches.

## What is solidly established

- Standard training on natural images picks up directions in input space that are **predictive** of the label and that small perturbations can flip.
- Those directions **generalise**: a model trained only on adversarially relabeled images does well on the clean test set.
- Datasets can be rewritten so that ordinary training produces some robustness, which means at least part of the robustness problem lives in the data.

## Where I disagree

### "Non-robust" is defined by us, not by the data

A feature is non-robust only relative to a chosen perturbation set $\Delta(x)$, typically an $\ell_p$ ball of radius $\epsilon$. Change the norm or the radius and the partition into robust and non-robust features changes too. The definitions make this explicit, but the title reads as if "robust" were a property of nature. It is a property of the threat model.

### Some adversarial examples really are bugs

In the Distill discussion of the paper (https://distill.pub/2019/advex-bugs-discussion/), one response constructs adversarial examples that do **not** transfer and do **not** carry features a new model can learn from. So both mechanisms exist: the paper shows that feature-based adversarial examples are common, not that all of them are features.

### The relabeling experiment is a form of distillation

The perturbed images are produced with a trained standard model. A student learning from them is learning from the teacher's decision function, encoded in tiny perturbations. That the teacher's non-robust directions are learnable is the interesting result; but it tells us about models trained on this data, not about a model-independent notion of feature.

## A compact way to state the disagreement

| Claim | Paper's view | My view |
|---|---|---|
| Non-robust features are real and predictive | Yes | Yes |
| Adversarial examples exploit them | Usually | Often, not always |
| Robustness is a property of the data | Largely | Of the data *and* the chosen $\Delta$ |
| Interpretability needs human priors | Yes | Yes, and so does the choice of $\Delta$ |

## Bottom line

Read the paper for its experiments, which changed how many of us think about robustness. Read the title as a provocation. The most useful lesson is that "robust" and "meaningful" are **choices** we have to make explicit: no amount of data will make them for us.
`;

export const demoSummaries: DemoSummary[] = [
  {
    key: "seqgan-main",
    paperArxivId: "1609.05473",
    author: "rpenhallow",
    daysAgo: 41,
    source: seqganMain,
  },
  {
    key: "squeezenet-main",
    paperArxivId: "1602.07360",
    author: "jsolberg",
    daysAgo: 33,
    source: squeezenetMain,
  },
  {
    key: "gibbs-scan-order-main",
    paperArxivId: "1606.03432",
    author: "lquintero",
    anonymous: true,
    daysAgo: 27,
    source: gibbsScanOrder,
  },
  {
    key: "revnet-main",
    paperArxivId: "1707.04585",
    author: "mkestrel",
    daysAgo: 20,
    source: revnetMain,
  },
  {
    key: "adv-features-main",
    paperArxivId: "1905.02175",
    author: "bokafor",
    daysAgo: 14,
    source: advFeaturesMain,
  },
  {
    key: "adv-features-skeptical",
    paperArxivId: "1905.02175",
    author: "jsolberg",
    daysAgo: 9,
    source: advFeaturesSkeptical,
  },
  {
    key: "revnet-implementation-notes",
    paperArxivId: "1707.04585",
    author: "bokafor",
    private: true,
    daysAgo: 4,
    source: revnetNotes,
  },
];
