/** True when `env.CI` is set to anything but "", "0" or "false" (scripts/ci.mjs). */
export function isCi(env: Readonly<Record<string, string | undefined>>): boolean;
