/**
 * H5 build of picker.tsx (Taro picks `<name>.h5.tsx` for the H5 build). @tarojs/components' React wrappers
 * live in one module that imports the definition of every component any page uses, so Taro's Picker web
 * component (~35 KB before gzip) rode in the shared chunk of the home page's first screen although only the
 * 管理员 page, 成员与角色 and the home page's 切换小区 row (itself loaded on demand) use it. This wrapper is built
 * exactly as that module builds it (same tag, props handling and custom element definition), so the Picker
 * lands only in the chunks of the pages that render it. Keep every H5 Picker import on this module: one
 * `Picker` from '@tarojs/components' brings the definition back into the shared module.
 */
import type { Picker as TaroPicker } from '@tarojs/components';
import { manipulatePropsFunction } from '@tarojs/components/lib/react/helper.js';
import { createReactComponent } from '@tarojs/components/lib/react/react-component-lib/createComponent.js';
import { defineCustomElement } from '@tarojs/components/dist/components/taro-picker-core.js';

export const Picker = createReactComponent('taro-picker-core', undefined, manipulatePropsFunction, defineCustomElement) as unknown as typeof TaroPicker;
