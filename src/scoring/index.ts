export * from './behavioural.js';
export * from './format.js';
export * from './funnel.js';
export * from './ranks.js';
export * from './shrinkage.js';
export * from './verdict.js';
