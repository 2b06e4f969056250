import { App } from 'aws-cdk-lib';
import { buildExamples } from './index';

const app = new App();
buildExamples(app);
app.synth();
