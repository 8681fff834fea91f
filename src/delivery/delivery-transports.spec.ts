import type { DeliveryTransport } from './delivery-transport.port';
import { DeliveryTransports } from './delivery-transports';

const transport = (kind: 'webhook'): DeliveryTransport => ({
  kind,
  send: () => Promise.resolve({ outcome: 'delivered' }),
});

describe('DeliveryTransports', () => {
  it('answers the transport of a pushed kind', () => {
    const webhook = transport('webhook');
    expect(new DeliveryTransports([webhook]).for('webhook')).toBe(webhook);
  });

  it('refuses to start when a pushed kind of the list has no transport', () => {
    expect(() => new DeliveryTransports([])).toThrow('No transport for delivery kind webhook');
  });

  it('refuses two transports for one kind', () => {
    expect(() => new DeliveryTransports([transport('webhook'), transport('webhook')])).toThrow(
      'Two transports for delivery kind webhook',
    );
  });
});
