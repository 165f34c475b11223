export * from './behavioural.js';
export * from './calibration.js';
export * from './format.js';
export * from './funnel.js';
export * from './insights.js';
export * from './shrinkage.js';
export * from './verdict.js';
