/**
 * The AWS SDK for CloudWatch, loaded when the first query needs it. It is an optional peer
 * dependency: users of the core judge and of Prometheus never install it, and importing
 * `canary-judge/cloudwatch` works without it. Without it, the first query (or
 * `loadCloudWatchSdk()`) fails with a `SourceError` of code `MISSING_DEPENDENCY` that names the
 * package, the supported versions and the command that installs it.
 */
import type * as CloudWatchSdk from '@aws-sdk/client-cloudwatch';
import { SourceError } from '../../sources/source-error.js';

/** The peer dependency: its name and the versions canary-judge supports (package.json's peerDependencies). */
export const CLOUDWATCH_SDK_PACKAGE: { readonly name: string; readonly versions: string } = Object.freeze({
  name: '@aws-sdk/client-cloudwatch',
  versions: '^3.1162.0',
});

/** What to tell a user who lacks the SDK: what to install, which versions, and why it is optional. */
export const MISSING_CLOUDWATCH_SDK_MESSAGE: string =
  `canary-judge/cloudwatch needs the package ${CLOUDWATCH_SDK_PACKAGE.name} (${CLOUDWATCH_SDK_PACKAGE.versions}), which is not installed: ` +
  `run "npm install ${CLOUDWATCH_SDK_PACKAGE.name}@${CLOUDWATCH_SDK_PACKAGE.versions}" next to canary-judge. ` +
  'It is an optional peer dependency, so that users of the core judge and of Prometheus do not install the AWS SDK.';

let loading: Promise<typeof CloudWatchSdk> | undefined;

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(CLOUDWATCH_SDK_PACKAGE.name);
}

/**
 * Loads `@aws-sdk/client-cloudwatch` once. Call it at start-up to learn early that the SDK is
 * missing; the CloudWatch source calls it before its first request.
 *
 * @throws SourceError with code `MISSING_DEPENDENCY` (and `unavailable: true`) when the package is not installed.
 * @example
 * const sdk = await loadCloudWatchSdk();
 * typeof sdk.GetMetricDataCommand // => 'function'
 */
export function loadCloudWatchSdk(): Promise<typeof CloudWatchSdk> {
  loading ??= import('@aws-sdk/client-cloudwatch').catch((error: unknown) => {
    loading = undefined;
    if (!isModuleNotFound(error)) throw error;
    throw new SourceError('MISSING_DEPENDENCY', MISSING_CLOUDWATCH_SDK_MESSAGE, { unavailable: true });
  });
  return loading;
}
