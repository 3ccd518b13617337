import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api } from '../api/client';
import { useFirstLoad } from '../lib/use-first-load';
import { badgeText, loadBadge, MESSAGES_ROUTE, MESSAGES_TEXT } from '../lib/messages-badge';
import type { UnreadCountOutput } from '../../types/messages';
import './messages-entry.css';

/** Unread counts, loaded when the page first renders and every time it is shown again. null: unknown (no badge). */
export function useUnreadCounts(): UnreadCountOutput | null {
  const [counts, setCounts] = useState<UnreadCountOutput | null>(null);
  // once on the first screen (it was fetched twice: by the mount effect and by the first show), again on each show
  useFirstLoad(() => void loadBadge(api).then(setCounts));
  return counts;
}

/** A red count bubble (white on --color-danger: contrast 6.6:1); nothing when there is nothing unread. */
export function CountBadge({ count, className = '' }: { count: number; className?: string }) {
  const text = badgeText(count);
  if (!text) return null;
  return <Text className={`count-badge ${className}`}>{text}</Text>;
}

/** The 消息 entry with its unread badge, given the counts (the home page shares them with its workbench). */
export function MessagesEntryView({ counts }: { counts: UnreadCountOutput | null }) {
  const unread = counts?.unread ?? 0;
  return (
    <View
      className='messages-entry'
      role='button'
      aria-label={unread > 0 ? MESSAGES_TEXT.badgeLabel(unread) : MESSAGES_TEXT.title}
      onClick={() => void Taro.navigateTo({ url: MESSAGES_ROUTE })}
    >
      <Text className='messages-entry-label'>{MESSAGES_TEXT.title}</Text>
      <CountBadge count={unread} className='messages-entry-badge' />
      <Text className='messages-entry-chevron'>›</Text>
    </View>
  );
}

/** The 消息 entry for any page: loads its own counts. */
export function MessagesEntry() {
  return <MessagesEntryView counts={useUnreadCounts()} />;
}
