import { createApi, createHttpTransport, loadCapability, NETWORK_ERROR_MESSAGE, toApiResult, type CapabilityLoader, type Transport } from '../../src/lib/api-core';

interface Sent {
  name: string;
  action: string;
  input: unknown;
}

/** A transport that records what was sent and replies with a canned value (or throws). */
function fakeTransport(reply: unknown | (() => unknown)) {
  const sent: Sent[] = [];
  const transport: Transport = async (name, action, input) => {
    sent.push({ name, action, input });
    return typeof reply === 'function' ? (reply as () => unknown)() : reply;
  };
  return { sent, transport };
}

describe('toApiResult', () => {
  it('passes a success through', () => {
    expect(toApiResult({ ok: true, data: { topics: [] } })).toEqual({ ok: true, data: { topics: [] } });
  });

  it('passes a server error through with its fields', () => {
    const raw = {
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: '提交的内容有误', fields: [{ field: 'title', code: 'FIELD_REQUIRED', params: { label: '标题' }, message: '标题不能为空' }] },
    };
    expect(toApiResult(raw)).toEqual(raw);
  });

  it('passes typed params through, and counts an unknown code as a broken reply', () => {
    const locked = { ok: false, error: { code: 'VERIFICATION_LOCKED', params: { lockedUntil: '2026-11-23T01:00:00.000Z' }, message: '核验失败次数过多' } };
    expect(toApiResult(locked)).toEqual(locked);
    expect(toApiResult({ ok: false, error: { code: 'NO_SUCH_CODE', message: 'x' } })).toEqual({ ok: false, error: { code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE } });
  });

  it('drops malformed field entries and an empty fields list', () => {
    const res = toApiResult({ ok: false, error: { code: 'FORBIDDEN', message: '无权限', fields: [{ nope: 1 }] } });
    expect(res).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '无权限' } });
  });

  it.each([
    ['undefined', undefined],
    ['a string', '<html>502 Bad Gateway</html>'],
    ['an array', [1, 2]],
    ['ok without data', { ok: true }],
    ['an error without a code', { ok: false, error: { message: 'x' } }],
    ['a cloud function that returned nothing', null],
  ])('maps %s to the network error', (_label, raw) => {
    expect(toApiResult(raw)).toEqual({ ok: false, error: { code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE } });
  });
});

describe('createApi', () => {
  it('sends { action, input } to the right function and returns its result', async () => {
    const me = { estates: [], current: null };
    const { sent, transport } = fakeTransport({ ok: true, data: me });
    const api = createApi(transport);
    await expect(api.identity.me({})).resolves.toEqual({ ok: true, data: me });
    expect(sent).toEqual([{ name: 'identity', action: 'me', input: {} }]);
  });

  it('routes the deliberation actions to the deliberation function', async () => {
    const { sent, transport } = fakeTransport({ ok: true, data: { topics: [] } });
    const api = createApi(transport);
    await api.deliberation.listTopics({ estateId: 'estate-1' });
    expect(sent).toEqual([{ name: 'deliberation', action: 'listTopics', input: { estateId: 'estate-1' } }]);
  });

  it('sends the parsed input: strings trimmed by the shared schema', async () => {
    const { sent, transport } = fakeTransport({ ok: true, data: { topic: {} } });
    const api = createApi(transport);
    await api.deliberation.openTopic({ estateId: 'e1', title: '  加装电梯征求意见  ', summary: '  三号楼加装电梯，请大家发表意见。 ' });
    expect(sent[0].input).toEqual({ estateId: 'e1', title: '加装电梯征求意见', summary: '三号楼加装电梯，请大家发表意见。' });
  });

  it('rejects invalid input locally with Chinese per-field messages and sends nothing', async () => {
    const { sent, transport } = fakeTransport({ ok: true, data: {} });
    const api = createApi(transport);
    const res = await api.deliberation.openTopic({ estateId: 'e1', title: '电梯', summary: '' });
    expect(sent).toHaveLength(0);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe('VALIDATION_FAILED');
    expect(res.error.message).toBe('提交的内容有误，请按提示修改');
    expect(res.error.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'title', message: '标题至少需要 4 个字' }),
        expect.objectContaining({ field: 'summary', message: '说明至少需要 10 个字' }),
      ]),
    );
  });

  it('counts whitespace-only text as too short (trim happens before the length check)', async () => {
    const api = createApi(fakeTransport({ ok: true, data: {} }).transport);
    const res = await api.deliberation.openTopic({ estateId: 'e1', title: '          ', summary: '这是一段足够长的议题说明文字。' });
    expect(res).toEqual({
      ok: false,
      error: expect.objectContaining({ fields: [expect.objectContaining({ field: 'title', message: '标题至少需要 4 个字' })] }),
    });
  });

  it('rejects a malformed estate id before sending', async () => {
    const { sent, transport } = fakeTransport({ ok: true, data: {} });
    const res = await createApi(transport).identity.me({ estateId: 'bad id with spaces' });
    expect(sent).toHaveLength(0);
    expect(res).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'estateId', message: '小区格式不正确' })] }),
    });
  });

  it('maps a rejected transport (offline, function missing) to the network error', async () => {
    const transport: Transport = async () => {
      throw new Error('cloud.callFunction:fail -404011');
    };
    const res = await createApi(transport).identity.me({});
    expect(res).toEqual({ ok: false, error: { code: 'NETWORK_ERROR', message: '网络异常，请稍后重试' } });
  });

  it('returns server errors unchanged', async () => {
    const error = { code: 'NOT_AUTHENTICATED', message: '请先登录' };
    const res = await createApi(fakeTransport({ ok: false, error }).transport).identity.me({});
    expect(res).toEqual({ ok: false, error });
  });
});

describe('createApi: the contract is loaded on demand', () => {
  /** The real loader, counting which capabilities it was asked for (and failing the first `failures` times). */
  function countingLoader(failures = 0) {
    const asked: string[] = [];
    let failed = 0;
    const load: CapabilityLoader = async (name) => {
      asked.push(name);
      if (failed < failures) {
        failed += 1;
        throw new Error('ChunkLoadError: Loading chunk contract failed');
      }
      return loadCapability(name);
    };
    return { asked, load };
  }
  const badTopic = { estateId: 'e1', title: '电梯', summary: '' };

  it('loads nothing when the facade is created, then each capability once, on its first call', async () => {
    const { asked, load } = countingLoader();
    const api = createApi(fakeTransport({ ok: true, data: {} }).transport, undefined, load);
    expect(asked).toEqual([]);
    await api.deliberation.listTopics({ estateId: 'e1' });
    await api.deliberation.openTopic({ estateId: 'e1', title: '加装电梯征求意见', summary: '三号楼加装电梯，请大家发表意见。' });
    await api.identity.me({});
    expect(asked).toEqual(['deliberation', 'identity']);
  });

  it('answers the network error when the contract cannot be loaded, sends nothing, and loads it again on the next call', async () => {
    const { asked, load } = countingLoader(1);
    const { sent, transport } = fakeTransport({ ok: true, data: { topics: [] } });
    const api = createApi(transport, undefined, load);
    expect(await api.deliberation.listTopics({ estateId: 'e1' })).toEqual({ ok: false, error: { code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE } });
    expect(sent).toEqual([]);
    expect(await api.deliberation.listTopics({ estateId: 'e1' })).toEqual({ ok: true, data: { topics: [] } });
    expect(asked).toEqual(['deliberation', 'deliberation']);
  });

  it("'when-loaded' (H5): sends as is without loading zod until the contract is preloaded; then validates on the client", async () => {
    const { asked, load } = countingLoader();
    const { sent, transport } = fakeTransport({ ok: true, data: {} });
    const api = createApi(transport, undefined, load, 'when-loaded');
    await api.deliberation.openTopic(badTopic);
    await api.identity.me({});
    expect(asked).toEqual([]);
    expect(sent.map((s) => s.input)).toEqual([badTopic, {}]); // the server validates these (same schema and labels)
    await api.preload('deliberation');
    await api.preload('deliberation');
    expect(asked).toEqual(['deliberation']);
    const res = await api.deliberation.openTopic(badTopic);
    expect(sent).toHaveLength(2);
    expect(res).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION_FAILED', fields: expect.arrayContaining([expect.objectContaining({ field: 'title', message: '标题至少需要 4 个字' })]) }) });
  });

  it('preload never rejects, even when the contract cannot be loaded', async () => {
    const api = createApi(fakeTransport({ ok: true, data: {} }).transport, undefined, countingLoader(1).load, 'when-loaded');
    await expect(api.preload('identity')).resolves.toBeUndefined();
  });
});

describe('createHttpTransport (H5)', () => {
  it('POSTs the event as JSON to /api/<name> with same-origin credentials', async () => {
    const calls: { url: string; init: unknown }[] = [];
    const fetchImpl = async (url: string, init: unknown) => {
      calls.push({ url, init });
      return { json: async () => ({ ok: true, data: { topics: [] } }) };
    };
    const api = createApi(createHttpTransport(fetchImpl));
    await expect(api.deliberation.listTopics({ estateId: 'e1' })).resolves.toEqual({ ok: true, data: { topics: [] } });
    expect(calls).toEqual([
      {
        url: '/api/deliberation',
        init: {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'listTopics', input: { estateId: 'e1' } }),
        },
      },
    ]);
  });

  it('uses the JSON body as the result even on an HTTP error status', async () => {
    const body = { ok: false, error: { code: 'NOT_AUTHENTICATED', message: '请先登录' } };
    const api = createApi(createHttpTransport(async () => ({ status: 401, json: async () => body })));
    await expect(api.identity.me({})).resolves.toEqual(body);
  });

  it('maps a non-JSON reply to the network error', async () => {
    const api = createApi(
      createHttpTransport(async () => ({
        json: async () => {
          throw new SyntaxError('Unexpected token <');
        },
      })),
    );
    await expect(api.identity.me({})).resolves.toEqual({
      ok: false,
      error: { code: 'NETWORK_ERROR', message: '网络异常，请稍后重试' },
    });
  });

  it('maps a failed fetch (no network) to the network error', async () => {
    const api = createApi(
      createHttpTransport(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const res = await api.identity.me({});
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.message).toBe('网络异常，请稍后重试');
  });
});
