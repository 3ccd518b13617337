import { Picker } from '../../components/picker';
import { estatePicker, pickedEstateId } from '../../lib/home-view';
import { EstateSwitcherFace, type EstateSwitcherProps } from './estate-switcher-face';

/** 切换小区 for someone in two or more estates: a selector over their estates. */
export function EstateSwitcher(props: EstateSwitcherProps) {
  const model = estatePicker(props.estates, props.currentId);
  return (
    <Picker
      mode='selector'
      range={model.names}
      value={model.index}
      onChange={(e) => {
        const id = pickedEstateId(props.estates, props.currentId, e.detail.value);
        if (id) props.onPick(id);
      }}
    >
      <EstateSwitcherFace estates={props.estates} currentId={props.currentId} />
    </Picker>
  );
}
