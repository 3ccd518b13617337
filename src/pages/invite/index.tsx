import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { Input } from '../../components/input';
import { useRouter } from '@tarojs/taro';
import { api } from '../../api/client';
import { goHome, off } from '../../components/page-states';
import { ADMIN_TEXT, codeFromQuery, displayCode, redeem, type RedeemOutcome } from '../../lib/admin';
import './index.css';
import { PageRoot } from '../../components/page-root';

/** 输入邀请码: typed, or opened from a QR code (`pages/invite/index?code=...`); the server gives the role once. */
export default function InvitePage() {
  const router = useRouter();
  const [code, setCode] = useState(() => displayCode(codeFromQuery(router.params)));
  const [outcome, setOutcome] = useState<RedeemOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setOutcome(await redeem(api, code));
    setBusy(false);
  };
  return (
    <PageRoot className='page invite-page'>
      <View className='card'>
        <Text className='card-title'>{ADMIN_TEXT.redeemTitle}</Text>
        <Text className='hint'>{ADMIN_TEXT.inviteEntryHint}</Text>
        <Text className='field-label'>{ADMIN_TEXT.codeLabel}</Text>
        <Input className='form-input invite-code' value={code} placeholder={ADMIN_TEXT.codePlaceholder} maxlength={20} onInput={(e) => setCode(e.detail.value)} />
        {outcome && <Text className={outcome.ok ? 'ok-line redeem-result' : 'form-error-line redeem-result'}>{outcome.message}</Text>}
        {outcome?.ok ? (
          <Button className='big-button primary back-home' onClick={goHome}>
            {ADMIN_TEXT.backHome}
          </Button>
        ) : (
          <Button className='big-button primary redeem-button' disabled={off(busy || !code.trim())} onClick={() => void submit()}>
            {busy ? ADMIN_TEXT.redeeming : ADMIN_TEXT.redeem}
          </Button>
        )}
      </View>
    </PageRoot>
  );
}
