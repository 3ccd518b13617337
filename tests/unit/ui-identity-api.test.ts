import {
  storageFileName,
  checkUpload,
  createApi,
  createCloudUploader,
  createHttpUploader,
  MAX_UPLOAD_BYTES,
  safeFileName,
  type Transport,
} from '../../src/lib/api-core';
import type { ApiResult } from '../../types/errors';

function recording(reply: unknown = { ok: true, data: {} }) {
  const sent: { name: string; action: string; input: unknown }[] = [];
  const transport: Transport = async (name, action, input) => {
    sent.push({ name, action, input });
    return reply;
  };
  return { sent, transport };
}

describe('identity actions in the API facade', () => {
  it('routes resident and staff actions to the identity function with validated input', async () => {
    const { sent, transport } = recording();
    const api = createApi(transport);
    await api.identity.estateDirectory({});
    await api.identity.myVerifications({ estateId: 'hemu' });
    await api.identity.rosterSummary({ estateId: 'hemu' });
    await api.identity.unitOwners({ estateId: 'hemu', unitId: 'hemu:1-2-302' });
    expect(sent.map((s) => `${s.name}.${s.action}`)).toEqual([
      'identity.estateDirectory',
      'identity.myVerifications',
      'identity.rosterSummary',
      'identity.unitOwners',
    ]);
  });

  it('rejects a roster file name the server would refuse, with Chinese field labels, before sending', async () => {
    const { sent, transport } = recording();
    const res = await createApi(transport).identity.previewRosterImport({ estateId: 'hemu', fileId: 'f', fileName: '名册.xls' });
    expect(sent).toEqual([]);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error.fields).toEqual([expect.objectContaining({ field: 'fileName', message: '文件名格式不正确' })]);
  });

  it('labels nested unit fields in verification errors', async () => {
    const { transport } = recording();
    const res = await createApi(transport).identity.requestOfflineCheck({ estateId: 'hemu', unit: { building: '', entrance: '1', room: '102' } });
    expect(!res.ok && res.error.fields).toEqual([expect.objectContaining({ field: 'unit.building', message: '楼栋至少需要 1 个字' })]);
  });

  it('rejects a reject decision reason over 200 characters and role changes without a reason', async () => {
    const { sent, transport } = recording();
    const api = createApi(transport);
    const long = await api.identity.decideVerification({ estateId: 'hemu', requestId: 'r1', decision: 'reject', reason: '长'.repeat(201) });
    const noReason = await api.identity.changeRole({ estateId: 'hemu', memberKey: 'm', role: 'grid_worker', grant: true, reason: '' });
    expect(long.ok || noReason.ok).toBe(false);
    expect(sent).toEqual([]);
  });
});

describe('uploads', () => {
  const png = { name: 'cert.png', size: 120, blob: new Blob([new Uint8Array(120)]) };

  it('checks size and name before sending anything', () => {
    expect(checkUpload({ name: '', size: 10 })?.message).toBe('文件名不能为空');
    expect(checkUpload({ name: 'a.png', size: 0 })?.message).toContain('空');
    expect(checkUpload({ name: 'a.png', size: MAX_UPLOAD_BYTES + 1 })?.message).toContain('太大');
    expect(checkUpload({ name: 'a.png', size: 10 })).toBeNull();
  });

  it('keeps file names safe for storage paths, with the extension', () => {
    expect(safeFileName('../../etc/名册 2026(终).XLSX')).toBe('名册_2026_终_.xlsx');
    expect(safeFileName('C:\\Users\\a\\roster.csv')).toBe('roster.csv');
    expect(safeFileName('.xlsx')).toBe('_xlsx');
  });

  it('names cloud-storage files in ASCII like the gateway does', () => {
    expect(storageFileName('roster 2026.XLSX')).toBe('roster_2026.xlsx');
    expect(storageFileName('../x/名册.csv')).toBe('file.csv');
    expect(storageFileName('noext')).toBe('noext');
  });

  it('H5: POSTs the raw bytes to /api/_upload?name=… and returns the fileId', async () => {
    const calls: { url: string; init: { method: string; body: unknown; credentials: string } }[] = [];
    const upload = createHttpUploader(async (url, init) => {
      calls.push({ url, init });
      return { json: async () => ({ ok: true, data: { fileId: 'uploads/demo/1/cert.png' } }) };
    });
    const api = createApi(recording().transport, upload);
    await expect(api.files.upload(png)).resolves.toEqual({ ok: true, data: { fileId: 'uploads/demo/1/cert.png' } });
    expect(calls[0].url).toBe('/api/_upload?name=cert.png');
    expect(calls[0].init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: png.blob });
  });

  it('H5: server errors pass through, network failures become the network error', async () => {
    const refused = createHttpUploader(async () => ({ json: async () => ({ ok: false, error: { code: 'VALIDATION_FAILED', message: '文件太大' } }) }));
    await expect(refused(png)).resolves.toEqual({ ok: false, error: { code: 'VALIDATION_FAILED', message: '文件太大' } });
    const offline = createHttpUploader(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(offline(png)).resolves.toEqual({ ok: false, error: { code: 'NETWORK_ERROR', message: '网络异常，请稍后重试' } });
  });

  it('WeChat: uploads under the prefix from uploadTicket (asked once) with a unique folder', async () => {
    let tickets = 0;
    const paths: string[] = [];
    let n = 0;
    const upload = createCloudUploader(
      async () => (tickets++, { ok: true, data: { prefix: 'uploads/oABC' } }),
      async (cloudPath, filePath) => (paths.push(`${cloudPath} <- ${filePath}`), { fileID: `cloud://env/${cloudPath}` }),
      () => `u${++n}`,
    );
    await expect(upload({ name: 'certificate-1.JPG', size: 10, path: 'wxfile://tmp_1.jpg' })).resolves.toEqual({
      ok: true,
      data: { fileId: 'cloud://env/uploads/oABC/u1-certificate-1.jpg' },
    });
    await upload({ name: '和睦家园 名册.xlsx', size: 10, path: 'wxfile://tmp_2.xlsx' });
    expect(tickets).toBe(1);
    expect(paths).toEqual(['uploads/oABC/u1-certificate-1.jpg <- wxfile://tmp_1.jpg', 'uploads/oABC/u2-file.xlsx <- wxfile://tmp_2.xlsx']);
  });

  it('WeChat: a failed ticket or upload resolves with an error', async () => {
    const noTicket = createCloudUploader(async () => ({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: '请先登录' } }), async () => ({ fileID: 'x' }));
    await expect(noTicket({ name: 'a.jpg', size: 1, path: 'p' })).resolves.toEqual({ ok: false, error: { code: 'NOT_AUTHENTICATED', message: '请先登录' } });
    const failing = createCloudUploader(async () => ({ ok: true, data: { prefix: 'uploads/o/' } }), async () => {
      throw new Error('uploadFile:fail');
    });
    await expect(failing({ name: 'a.jpg', size: 1, path: 'p' })).resolves.toMatchObject({ ok: false, error: { code: 'NETWORK_ERROR' } });
  });

  it('WeChat: registers each upload; a refused registration (quota) is the upload\'s answer', async () => {
    const registered: string[] = [];
    const quota = { code: 'UPLOAD_QUOTA_EXCEEDED' as const, message: '24 小时内最多上传 20 个文件（共 50 MB），请稍后再试' };
    let allow = true;
    const upload = createCloudUploader(
      async () => ({ ok: true, data: { prefix: 'uploads/o/' } }),
      async (cloudPath) => ({ fileID: `cloud://env/${cloudPath}` }),
      () => 'u1',
      async (fileId): Promise<ApiResult<unknown>> => (registered.push(fileId), allow ? { ok: true, data: { fileId } } : { ok: false, error: quota }),
    );
    await expect(upload({ name: 'a.jpg', size: 1, path: 'p' })).resolves.toEqual({ ok: true, data: { fileId: 'cloud://env/uploads/o/u1-a.jpg' } });
    allow = false;
    await expect(upload({ name: 'a.jpg', size: 1, path: 'p' })).resolves.toEqual({ ok: false, error: quota });
    expect(registered).toEqual(['cloud://env/uploads/o/u1-a.jpg', 'cloud://env/uploads/o/u1-a.jpg']);
  });

  it('without an uploader the facade answers instead of throwing', async () => {
    const res = await createApi(recording().transport).files.upload(png);
    expect(res).toMatchObject({ ok: false, error: { code: 'UPLOAD_UNSUPPORTED' } });
  });
});
