import { describe, expect, it } from 'vitest';
import { credentialAdvice, deniedAction } from './credentials';

describe('credential advice', () => {
  it('an expired SSO session names the command to run', () => {
    const err = Object.assign(new Error('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' });
    expect(credentialAdvice(err, 'prod-ro')).toBe('The AWS SSO session has expired: run `aws sso login --profile prod-ro`, then Sync now.');
  });

  it('other errors get no credential advice', () => {
    expect(credentialAdvice(new Error('socket hang up'), 'x')).toBeNull();
  });

  it('AccessDenied names the denied action', () => {
    const err = Object.assign(new Error('User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: cloudwatch:DescribeAlarmHistory on resource: x'), { name: 'AccessDenied' });
    expect(deniedAction(err, 'cloudwatch:DescribeAlarms')).toBe('cloudwatch:DescribeAlarmHistory');
    expect(deniedAction(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }), 'cloudwatch:GetMetricData')).toBe('cloudwatch:GetMetricData');
    expect(deniedAction(new Error('boom'), 'x')).toBeNull();
  });
});
