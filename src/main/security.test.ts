import { describe, expect, it } from 'vitest';
import { isAllowedSender, isSafeExternalUrl } from './security';

describe('Electron security checks', () => {
  it('answers IPC only from our own renderer', () => {
    expect(isAllowedSender('file:///app/out/renderer/index.html', undefined)).toBe(true);
    expect(isAllowedSender('https://evil.example/index.html', undefined)).toBe(false);
    expect(isAllowedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    // A prefix match would accept this; parsing the origin does not.
    expect(isAllowedSender('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isAllowedSender(undefined, undefined)).toBe(false);
    expect(isAllowedSender('not a url', undefined)).toBe(false);
  });

  it('opens only web links in the OS browser', () => {
    expect(isSafeExternalUrl('https://runbooks.example.com/payment')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
  });
});
