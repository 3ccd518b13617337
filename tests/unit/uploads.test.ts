import { isOwnUpload, sanitiseUploadName, uploadKey, uploadPathOf } from '../../server/app/uploads';

describe('upload prefixes: a use case reads only the caller’s own uploads', () => {
  it('accepts local keys and CloudBase fileIDs under uploads/<openid>/, nested folders included', () => {
    expect(isOwnUpload('uploads/oAbc_12-3/0f3a-roster.xlsx', 'oAbc_12-3')).toBe(true);
    expect(isOwnUpload('cloud://env-1a2b.656e-env-1a2b-1300000000/uploads/oAbc/lx2k9/名册.xlsx', 'oAbc')).toBe(true);
    expect(uploadPathOf('cloud://env.bucket/uploads/o/x.csv')).toBe('uploads/o/x.csv');
  });

  it('refuses other accounts’ files, prefix look-alikes and path tricks', () => {
    for (const fileId of [
      'uploads/oOther/x.xlsx',
      'uploads/oAbcd/x.xlsx', // a longer openid that starts with the caller's
      'uploads/oAbc',
      'uploads/oAbc/',
      'uploads/oAbc/../oOther/x.xlsx',
      'uploads/oAbc/./x.xlsx',
      'uploads/oAbc//x.xlsx',
      'x/uploads/oAbc/x.xlsx',
      'cloud://env.bucket/uploads/oOther/x.xlsx',
      'cloud://env.bucket/certificates/oAbc/x.jpg',
    ]) {
      expect([fileId, isOwnUpload(fileId, 'oAbc')]).toEqual([fileId, false]);
    }
    expect(isOwnUpload('uploads/a/b/x', 'a/b')).toBe(false); // an openid that is not path-safe owns nothing
  });

  it('builds storage keys from any file name without leaving the folder', () => {
    expect(sanitiseUploadName('和睦家园 名册(2026).XLSX')).toBe('2026.xlsx');
    expect(sanitiseUploadName('../../etc/passwd')).toBe('passwd');
    expect(sanitiseUploadName('roster.final.csv')).toBe('roster_final.csv');
    expect(sanitiseUploadName('')).toBe('file');
    expect(uploadKey('oAbc', 'a b.csv', 'r1')).toBe('uploads/oAbc/r1-a_b.csv');
    expect(uploadKey('../x', 'a.csv', 'r1')).toBeNull();
  });
});

describe('deleting a read upload on CloudBase storage', () => {
  it('calls deleteFile with the fileID, tolerates a missing file, reports other failures', async () => {
    const { cloudbaseFileStore } = await import('../../server/adapters/cloudbase/files');
    const calls: string[][] = [];
    let code = 'SUCCESS';
    const store = cloudbaseFileStore({
      uploadFile: async () => ({ fileID: 'cloud://x' }),
      downloadFile: async () => ({}),
      deleteFile: async ({ fileList }) => {
        calls.push(fileList);
        return { fileList: fileList.map((fileID) => ({ fileID, code })) };
      },
    });
    await store.remove!('cloud://env.b/uploads/o/r.xlsx');
    expect(calls).toEqual([['cloud://env.b/uploads/o/r.xlsx']]);
    code = 'STORAGE_FILE_NONEXIST';
    await expect(store.remove!('cloud://env.b/uploads/o/r.xlsx')).resolves.toBeUndefined();
    code = 'STORAGE_EXCEED_AUTHORITY';
    await expect(store.remove!('cloud://env.b/uploads/o/r.xlsx')).rejects.toThrow(/STORAGE_EXCEED_AUTHORITY/);
  });
});
