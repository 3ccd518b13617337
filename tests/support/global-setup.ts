import { ensureTemplate } from './template';

export default async function globalSetup() {
  await ensureTemplate();
}
