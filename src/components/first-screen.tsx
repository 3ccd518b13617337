import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { FIRST_SCREEN_TEXT, firstSteps } from '../lib/first-screen';
import { AppButton, WhyDisclosure } from './ui';
import './first-screen.css';

/** A newcomer's first screen: what 共议 does in two sentences, then the first step for owner, tenant and staff. */
export function FirstScreen() {
  return (
    <View className='card no-estate first-screen'>
      <Text className='no-estate-title first-screen-title'>{FIRST_SCREEN_TEXT.title}</Text>
      {FIRST_SCREEN_TEXT.about.map((line) => (
        <Text key={line} className='first-screen-about'>
          {line}
        </Text>
      ))}
      <WhyDisclosure label={FIRST_SCREEN_TEXT.whyLabel} className='first-screen-why'>
        {FIRST_SCREEN_TEXT.why.map((line) => (
          <Text key={line} className='why-line'>
            {line}
          </Text>
        ))}
      </WhyDisclosure>
      <Text className='first-screen-lead'>{FIRST_SCREEN_TEXT.noEstate}</Text>
      {firstSteps().map((step, i) => (
        <View key={step.key} className={`first-step first-step-${step.key}`}>
          <Text className='first-step-who'>{step.who}</Text>
          <Text className='first-step-what'>{step.what}</Text>
          <AppButton kind={i === 0 ? 'primary' : 'secondary'} className={step.className} onClick={() => void Taro.navigateTo({ url: step.url })}>
            {step.button}
          </AppButton>
        </View>
      ))}
    </View>
  );
}
