/** A bad configuration value; its message names the variable. Start-up stops with it. */
export class ConfigError extends Error {}
