// Demo users: fictional researchers. ORCIDs are syntactically valid (ISO 7064 11-2 checksum) and
// lie below the ranges ORCID has issued, so they belong to no real person.

export interface DemoUser {
  username: string;
  displayName: string;
  /** Short Markdown. */
  bio: string;
  orcid?: string;
}

export const demoUsers: DemoUser[] = [
  {
    username: "mkestrel",
    displayName: "Marta Kestrel",
    bio: "Works on **memory-efficient training** of deep networks at the (fictional) Institute for Tractable Learning. Has a soft spot for anything *reversible*.\n\n_Fictional demo account._",
    orcid: "0000-0001-0427-3186",
  },
  {
    username: "rpenhallow",
    displayName: "Ravi Penhallow",
    bio: "NLP researcher interested in text generation, decoding and why likelihood is not the whole story.\n\n_Fictional demo account._",
    orcid: "0000-0001-4162-5531",
  },
  {
    username: "jsolberg",
    displayName: "Juniper Solberg",
    bio: "Computer vision on small devices. Reads robustness papers with a pencil and a healthy dose of skepticism.\n\n_Fictional demo account._",
    orcid: "0000-0001-0839-2705",
  },
  {
    username: "lquintero",
    displayName: "Lena Quintero-Hale",
    bio: "Probabilistic inference and MCMC: mixing times, couplings, and making samplers fast on real hardware.\n\n_Fictional demo account._",
    orcid: "0000-0001-2718-4645",
  },
  {
    username: "bokafor",
    displayName: "Bram Okafor-Lind",
    bio: "PhD student working on adversarial robustness and what models actually learn from data. Writes summaries to understand papers.\n\n_Fictional demo account._",
  },
];
