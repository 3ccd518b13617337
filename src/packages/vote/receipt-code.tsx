import { Text, View } from '@tarojs/components';
import { resultLabels } from '../../../types/voting-result';

/** The receipt in its four groups (a line may break only between groups); read out and selected as one code. */
export function ReceiptCode({ code, className }: { code: string; className?: string }) {
  const groups = code.split('-');
  return (
    <View className={`receipt-code${className ? ` ${className}` : ''}`} aria-label={`${resultLabels.receipt} ${code}`} data-receipt={code}>
      {groups.map((g, i) => (
        <Text key={i} className='receipt-group' selectable userSelect>
          {i < groups.length - 1 ? `${g}-` : g}
        </Text>
      ))}
    </View>
  );
}

