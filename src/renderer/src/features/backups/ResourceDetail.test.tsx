// @vitest-environment jsdom
import { cleanup, fireEvent } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithApp } from '@renderer/test/render';
import { ResourceDetail } from './ResourceDetail';

afterEach(cleanup);

describe('one backup resource', () => {
  for (const key of ['Escape', 'Backspace']) {
    it(`${key} goes back to the backups, as from every other detail page (even before the resource has been read)`, () => {
      window.location.hash = '#/backups/r/arn%3Aaws%3Ards%3Aus-east-1%3A1%3Adb%3Aorders';
      renderWithApp(<ResourceDetail arn="arn:aws:rds:us-east-1:1:db:orders" />);
      fireEvent.keyDown(document.body, { key });
      expect(window.location.hash).toBe('#/backups');
    });
  }
});
