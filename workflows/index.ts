export { petitionWorkflow } from './petition/workflow';
