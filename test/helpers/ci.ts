/**
 * Whether the tests run in CI, by the one rule of scripts/ci.mjs (CI set to anything but "", "0"
 * or "false"). In CI a missing integration server or browser is a failure, never a skip.
 */
import { isCi } from '../../scripts/ci.mjs';

export const inCi: boolean = isCi(process.env);
