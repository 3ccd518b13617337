import { Text, View } from '@tarojs/components';
import { estatePicker, HOME_TEXT } from '../../lib/home-view';
import type { MeOutput } from '../../../types/identity';

export interface EstateSwitcherProps {
  estates: MeOutput['estates'];
  currentId: string;
  onPick: (id: string) => void;
}

/** What the 切换小区 row shows: inside the Picker, and alone while the Picker is loading on H5. */
export function EstateSwitcherFace(props: Pick<EstateSwitcherProps, 'estates' | 'currentId'>) {
  const model = estatePicker(props.estates, props.currentId);
  return (
    <View className='estate-switcher'>
      <Text className='estate-switcher-label'>{HOME_TEXT.switchEstate}</Text>
      <Text className='estate-switcher-current'>{model.names[model.index]} ▾</Text>
    </View>
  );
}
