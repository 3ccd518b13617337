/**
 * H5 build of input.tsx: Taro's Input wrapper built as @tarojs/components' React module builds it (same tag,
 * props handling and custom element), so the web component is bundled only with the pages and forms that
 * render it, not with the first screen's shared chunk. Why: picker.h5.tsx. Keep every H5 Input import on this module.
 */
import type { Input as TaroInput } from '@tarojs/components';
import { manipulatePropsFunction } from '@tarojs/components/lib/react/helper.js';
import { createReactComponent } from '@tarojs/components/lib/react/react-component-lib/createComponent.js';
import { defineCustomElement } from '@tarojs/components/dist/components/taro-input-core.js';

export const Input = createReactComponent('taro-input-core', undefined, manipulatePropsFunction, defineCustomElement) as unknown as typeof TaroInput;
