/**
 * H5 build of textarea.tsx: Taro's Textarea wrapper built as @tarojs/components' React module builds it (same tag,
 * props handling and custom element), so the web component is bundled only with the pages and forms that
 * render it, not with the first screen's shared chunk. Why: picker.h5.tsx. Keep every H5 Textarea import on this module.
 */
import type { Textarea as TaroTextarea } from '@tarojs/components';
import { manipulatePropsFunction } from '@tarojs/components/lib/react/helper.js';
import { createReactComponent } from '@tarojs/components/lib/react/react-component-lib/createComponent.js';
import { defineCustomElement } from '@tarojs/components/dist/components/taro-textarea-core.js';

export const Textarea = createReactComponent('taro-textarea-core', undefined, manipulatePropsFunction, defineCustomElement) as unknown as typeof TaroTextarea;
