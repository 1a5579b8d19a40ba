// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueryClient, useApi } from '@renderer/data/api';
import { fakeTransport } from '@renderer/test/render';
import { AppProviders } from './providers';
import { startFirstCalls } from './firstCalls';

afterEach(cleanup);

function Overview() {
  const overview = useApi('overview', {});
  return <p>{overview.data ? 'answered' : 'waiting'}</p>;
}

describe('the first screen\'s calls', () => {
  it('start before anything renders, once each, and the page that mounts later reads their answers', async () => {
    const transport = fakeTransport(async () => ({}));
    const client = createQueryClient();
    expect(startFirstCalls(client, transport, '#/')).toEqual(['sources', 'overview', 'alertQueue', 'slos']);
    // Sent synchronously: nothing has rendered yet.
    expect(transport.calls.map((c) => c.method)).toEqual(['sources', 'overview', 'alertQueue', 'slos']);
    render(
      <AppProviders transport={transport} client={client}>
        <Overview />
      </AppProviders>,
    );
    await waitFor(() => expect(screen.getByText('answered')).toBeTruthy());
    expect(transport.calls.filter((c) => c.method === 'overview')).toHaveLength(1);
  });

  it('a page other than the Overview starts only the shell\'s call and its own', () => {
    const transport = fakeTransport(() => new Promise(() => {}));
    expect(startFirstCalls(createQueryClient(), transport, '#/settings')).toEqual(['sources']);
    expect(transport.calls.map((c) => c.method)).toEqual(['sources']);
  });
});
