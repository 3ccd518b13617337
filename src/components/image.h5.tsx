/**
 * H5 build of image.tsx: Taro's Image wrapper built as @tarojs/components' React module builds it (same tag,
 * props handling and custom element), so the web component is bundled only with the pages that show photos
 * (身份认证, 审核队列) instead of the first screen's shared chunk. Why: picker.h5.tsx. Keep every H5 Image import
 * on this module.
 */
import type { Image as TaroImage } from '@tarojs/components';
import { manipulatePropsFunction } from '@tarojs/components/lib/react/helper.js';
import { createReactComponent } from '@tarojs/components/lib/react/react-component-lib/createComponent.js';
import { defineCustomElement } from '@tarojs/components/dist/components/taro-image-core.js';

export const Image = createReactComponent('taro-image-core', undefined, manipulatePropsFunction, defineCustomElement) as unknown as typeof TaroImage;
