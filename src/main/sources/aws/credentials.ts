// Credentials only through the AWS SDK's default chain (profiles, SSO, env, instance
// roles), optionally assuming a role. Opsdeck never reads or stores a secret itself.
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export interface CredentialSpec {
  profile?: string;
  roleArn?: string;
  region: string;
}

/**
 * The provider chain loads on the first credential request: @aws-sdk/credential-providers (and
 * the SDK core it pulls in) costs ~35 ms of start-up to every process that imports this file
 * for its advice functions (the main process does), and the demo never asks for credentials.
 */
export function credentialsFor(spec: CredentialSpec): AwsCredentialIdentityProvider {
  let provider: Promise<AwsCredentialIdentityProvider> | null = null;
  return async (props) => {
    provider ??= import('@aws-sdk/credential-providers').then(({ fromNodeProviderChain, fromTemporaryCredentials }) => {
      const base = fromNodeProviderChain(spec.profile ? { profile: spec.profile } : {});
      if (!spec.roleArn) return base;
      return fromTemporaryCredentials({
        params: { RoleArn: spec.roleArn, RoleSessionName: 'opsdeck', DurationSeconds: 3600 },
        masterCredentials: base,
        clientConfig: { region: spec.region },
      });
    });
    return (await provider)(props);
  };
}

/**
 * Turns credential failures into the one thing to do about them, e.g. an expired SSO
 * session → the exact `aws sso login` command. Returns null for other errors.
 */
export function credentialAdvice(err: unknown, profile: string | undefined): string | null {
  const e = err as { name?: string; message?: string };
  const text = `${e?.name ?? ''} ${e?.message ?? String(err)}`;
  const p = profile ? ` --profile ${profile}` : '';
  if (/SSO session .* (expired|invalid)|Token is expired|refresh this SSO session/i.test(text)) {
    return `The AWS SSO session has expired: run \`aws sso login${p}\`, then Sync now.`;
  }
  if (/ExpiredToken|security token included in the request is expired/i.test(text)) {
    return `The AWS credentials have expired: refresh them (for SSO: \`aws sso login${p}\`), then Sync now.`;
  }
  if (/Could not load credentials|CredentialsProviderError|Unable to load credentials/i.test(text)) {
    return `No AWS credentials found${profile ? ` for profile "${profile}"` : ''}: configure the profile (\`aws configure${p}\` or \`aws configure sso${p}\`).`;
  }
  return null;
}

/** The IAM action behind an AccessDenied, for "denied: cloudwatch:DescribeAlarms". */
export function deniedAction(err: unknown, fallback: string): string | null {
  const e = err as { name?: string; message?: string };
  if (!/AccessDenied|UnauthorizedOperation|not authorized/i.test(`${e?.name ?? ''} ${e?.message ?? ''}`)) return null;
  const m = /not authorized to perform: ([\w-]+:\w+)/.exec(e?.message ?? '');
  return m?.[1] ?? fallback;
}
