import { describe, expect, it } from 'vitest';
import { appRequestFile, isAllowedSender, isOwnPage, isSafeExternalUrl } from './security';

describe('Electron security checks', () => {
  it('answers IPC only from our own renderer at app://opsdeck — never from a file: page', () => {
    expect(isAllowedSender('app://opsdeck/index.html', undefined)).toBe(true);
    expect(isAllowedSender('app://opsdeck/index.html#/alerts', undefined)).toBe(true);
    expect(isAllowedSender('file:///app/out/renderer/index.html', undefined)).toBe(false);
    expect(isAllowedSender('file:///home/me/Downloads/evil.html', undefined)).toBe(false);
    expect(isAllowedSender('app://evil/index.html', undefined)).toBe(false);
    expect(isAllowedSender('app://opsdeck.evil/index.html', undefined)).toBe(false);
    expect(isAllowedSender('app://user@opsdeck/index.html', undefined)).toBe(false);
    expect(isAllowedSender('https://evil.example/index.html', undefined)).toBe(false);
    expect(isAllowedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    // A prefix match would accept this; parsing the origin does not.
    expect(isAllowedSender('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isAllowedSender(undefined, undefined)).toBe(false);
    expect(isAllowedSender('not a url', undefined)).toBe(false);
  });

  it('navigation stays on our own page', () => {
    expect(isOwnPage('app://opsdeck/index.html#/slos', undefined)).toBe(true);
    expect(isOwnPage('https://runbooks.example.com/', undefined)).toBe(false);
    expect(isOwnPage('file:///etc/passwd', undefined)).toBe(false);
  });

  it('opens only web links in the OS browser', () => {
    expect(isSafeExternalUrl('https://runbooks.example.com/payment')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('smb://share/x')).toBe(false);
  });

  it('app:// serves files inside the renderer folder only; routes get the shell', () => {
    const root = '/opt/opsdeck/out/renderer';
    expect(appRequestFile('app://opsdeck/index.html', root)).toBe('/opt/opsdeck/out/renderer/index.html');
    expect(appRequestFile('app://opsdeck/assets/index-abc.js', root)).toBe('/opt/opsdeck/out/renderer/assets/index-abc.js');
    expect(appRequestFile('app://opsdeck/', root)).toBe('/opt/opsdeck/out/renderer/index.html');
    expect(appRequestFile('app://opsdeck/alerts/queue', root)).toBe('/opt/opsdeck/out/renderer/index.html');
    // Dot segments are resolved by the URL parser against the root: they never climb out of it.
    expect(appRequestFile('app://opsdeck/%2e%2e/%2e%2e/main/index.js', root)).toBe('/opt/opsdeck/out/renderer/main/index.js');
    expect(appRequestFile('app://opsdeck/..%2f..%2fsecrets.json', root)).toBeNull();
    expect(appRequestFile('app://opsdeck/%E0%A4%A.js', root)).toBeNull();
    expect(appRequestFile('app://other/index.html', root)).toBeNull();
    expect(appRequestFile('file:///etc/passwd', root)).toBeNull();
  });
});
