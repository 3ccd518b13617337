/**
 * Picking and saving files, per platform. The decisions (what to accept, how many, names) live in
 * src/lib; this file only talks to WeChat or the browser.
 *  - weapp: roster spreadsheets come from a chat (chooseMessageFile), photos from the album or camera
 *    (chooseMedia, compressed); the template is written to USER_DATA_PATH and opened with openDocument.
 *  - H5: a hidden <input type="file"> (kept in the DOM while picking) and a Blob download link.
 */
import Taro from '@tarojs/taro';
import type { PickedFile } from '../lib/api-core';

export type PickKind = 'roster' | 'photo' | 'document';

/** What the H5 picker accepts, per kind. */
const ACCEPT: Record<PickKind, string> = {
  roster: '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv',
  photo: 'image/*',
  /** an adopted text (议事规则原件): PDF, Word or a photo of the signed paper */
  document: '.pdf,.doc,.docx,image/*,application/pdf',
};

export interface Picked extends PickedFile {
  /** something an <Image> can show before/after upload (temp path or object URL) */
  previewUrl?: string;
}

/** Let the person choose files; resolves with [] when they cancel. Never rejects. */
export async function pickFiles(kind: PickKind, max = 1): Promise<Picked[]> {
  if (process.env.TARO_ENV === 'h5') return pickInBrowser(kind, max);
  try {
    if (kind === 'roster' || kind === 'document') {
      const extension = kind === 'roster' ? ['xlsx', 'csv'] : ['pdf', 'doc', 'docx', 'jpg', 'jpeg', 'png'];
      const res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension });
      return res.tempFiles.map((f) => ({ name: f.name, size: f.size, path: f.path }));
    }
    const res = await Taro.chooseMedia({
      count: Math.max(1, max),
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
    });
    return res.tempFiles.map((f, i) => {
      const ext = /\.(\w{2,5})$/.exec(f.tempFilePath)?.[1] ?? 'jpg';
      return { name: `certificate-${i + 1}.${ext}`, size: f.size, path: f.tempFilePath, previewUrl: f.tempFilePath };
    });
  } catch {
    return []; // cancelled, or permission refused
  }
}

function pickInBrowser(kind: PickKind, max: number): Promise<Picked[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = ACCEPT[kind];
    input.multiple = max > 1;
    input.setAttribute('data-picker', kind);
    input.style.display = 'none';
    const done = (files: Picked[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => {
      const list = Array.from(input.files ?? []).slice(0, Math.max(1, max));
      done(
        list.map((f) => ({
          name: f.name,
          size: f.size,
          blob: f,
          previewUrl: kind === 'photo' ? URL.createObjectURL(f) : undefined,
        })),
      );
    });
    input.addEventListener('cancel', () => done([]));
    document.body.appendChild(input);
    input.click();
  });
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** H5: hand a file the server sent as base64 to the browser's download; false when the browser refused. */
function downloadInBrowser(fileName: string, contentBase64: string, mime: string): boolean {
  try {
    const bin = atob(contentBase64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return true;
  } catch {
    return false;
  }
}

/**
 * Save a CSV export (UTF-8 with a BOM, from the server as base64). H5: a download link. WeChat: the file is written to
 * the user folder and offered to forward to a chat (open it on a computer), since openDocument cannot show CSV.
 * Resolves with an error message, or null when it worked.
 */
export async function saveCsv(fileName: string, contentBase64: string): Promise<string | null> {
  if (process.env.TARO_ENV === 'h5') {
    return downloadInBrowser(fileName, contentBase64, 'text/csv;charset=utf-8') ? null : '导出失败，请稍后重试';
  }
  try {
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
    Taro.getFileSystemManager().writeFileSync(filePath, contentBase64, 'base64');
    await (Taro as unknown as { shareFileMessage(o: { filePath: string; fileName: string }): Promise<unknown> }).shareFileMessage({ filePath, fileName });
    return null;
  } catch {
    return '小程序内不能直接打开表格：请转发到电脑上用 Excel 或 WPS 打开，或在网页版导出';
  }
}

/** Save and open the roster template. Resolves with an error message, or null when it worked. */
export async function saveTemplate(fileName: string, contentBase64: string): Promise<string | null> {
  if (process.env.TARO_ENV === 'h5') {
    return downloadInBrowser(fileName, contentBase64, XLSX_MIME) ? null : '下载失败，请稍后重试';
  }
  try {
    const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`;
    Taro.getFileSystemManager().writeFileSync(filePath, contentBase64, 'base64');
    await Taro.openDocument({ filePath, fileType: 'xlsx', showMenu: true });
    return null;
  } catch {
    return '模板打开失败：可以点右上角“…”转发到电脑上填写';
  }
}

/**
 * Open a document the server sent as a data URL (议事规则原件). H5: a blob URL in a new tab (browsers block
 * navigating to data URLs); weapp: written to USER_DATA_PATH and opened with openDocument (previewImage for photos).
 * Resolves with an error message, or null when it worked.
 */
export async function openDataUrl(fileName: string, dataUrl: string): Promise<string | null> {
  const [, type = 'application/octet-stream', base64 = ''] = /^data:([^;,]+);base64,(.*)$/s.exec(dataUrl) ?? [];
  if (process.env.TARO_ENV === 'h5') {
    try {
      const bin = atob(base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      const url = URL.createObjectURL(new Blob([bytes], { type }));
      const a = document.createElement('a');
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener';
      if (!type.startsWith('image/') && type !== 'application/pdf') a.download = fileName;
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      return null;
    } catch {
      return '原件打开失败，请稍后重试';
    }
  }
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
      const filePath = `${Taro.env.USER_DATA_PATH}/rules-${Date.now()}.${ext || 'pdf'}`;
      Taro.getFileSystemManager().writeFileSync(filePath, base64, 'base64');
      if (type.startsWith('image/')) await Taro.previewImage({ urls: [filePath] });
      else await Taro.openDocument({ filePath, fileType: (ext || 'pdf') as 'pdf', showMenu: true });
      return null;
    } catch {
      return '原件打开失败：可以点右上角“…”转发到电脑上查看';
    }
  }
  return '当前环境不能打开原件';
}
