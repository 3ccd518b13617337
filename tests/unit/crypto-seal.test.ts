import { nodeCrypto } from '../../server/adapters/local/crypto';

describe('crypto.seal / unseal (a requester contact phone the holder reads back)', () => {
  const crypto = nodeCrypto('test-hash-key-0123456789abcdef');
  it('opens under the same key and purpose only; never shows the value; a change does not open', () => {
    const sealed = crypto.seal('request-contact-phone', '13912345678');
    expect(sealed).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('1391234');
    expect(crypto.seal('request-contact-phone', '13912345678')).not.toBe(sealed); // a fresh IV each time
    expect(crypto.unseal('request-contact-phone', sealed)).toBe('13912345678');
    expect(crypto.unseal('another-purpose', sealed)).toBeNull();
    expect(nodeCrypto('another-key-0123456789abcdef').unseal('request-contact-phone', sealed)).toBeNull();
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('AA') ? 'AB' : 'AA');
    expect(crypto.unseal('request-contact-phone', flipped)).toBeNull();
    expect(crypto.unseal('request-contact-phone', 'not sealed')).toBeNull();
  });
});
