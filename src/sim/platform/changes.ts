// Changes to the modelled estate, as CloudTrail records them: deployments, scaling and
// configuration changes (write events) plus a little read-only noise. A pure function of
// (seed, time), consistent with the scripted incidents in scenario.ts:
// - every Payment 5xx spike follows a payment-service deployment 7 minutes before it, and
//   an on-call engineer rolls it back 9 minutes in (the errors tail off from minute 12);
// - customer-service's memory leak ends with its weekly deployment (the restart);
// - RDS free storage is grown (ModifyDBInstance) when the low-storage episode ends;
// - the flash sale's node CPU episode brings a node-group scale-out, and a scale-in after.
// Ordinary weekday deployments of every service fill the rest.

import { DAY, MINUTE, newYorkLocal, utcFromNewYorkLocal } from './clock';
import { CLUSTER_NAME, DB_INSTANCE, SERVICE_NAMES } from './model';
import { hashString, mix, seedKey, uniform } from './random';
import { incidentsBetween } from './scenario';

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

export interface ChangeEvent {
  eventId: string;
  /** Epoch seconds. */
  eventTime: number;
  eventSource: string;
  eventName: string;
  readOnly: boolean;
  username: string;
  accessKeyId: string;
  resources: { type: string; name: string }[];
  requestParameters: Record<string, unknown>;
  /** The service of the estate it changes, if any. */
  service: string | null;
}

/** Payment spikes follow a deployment this long before their start… */
export const PAYMENT_DEPLOY_LEAD_SEC = 7 * MINUTE;
/** …which is rolled back this long after the start. */
export const PAYMENT_ROLLBACK_AFTER_SEC = 9 * MINUTE;

const STREAM = hashString('changes');

function eventId(seed32: number, label: string): string {
  const h = (i: number): string => (mix(mix(seed32, hashString(label)), i) >>> 0).toString(16).padStart(8, '0');
  const a = h(1);
  const b = h(2);
  const c = h(3);
  const d = h(4);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${(8 + (parseInt(c[0]!, 16) % 4)).toString(16)}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

function version(sec: number, n: number): string {
  const d = new Date((newYorkLocal(sec)) * 1000);
  return `${d.getUTCFullYear()}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${String(d.getUTCDate()).padStart(2, '0')}.${n}`;
}

function deployment(seed32: number, sec: number, service: string, description: string, user: string, label: string, rollback = false): ChangeEvent {
  const id = eventId(seed32, label);
  return {
    eventId: id,
    eventTime: sec,
    eventSource: 'codedeploy.amazonaws.com',
    eventName: 'CreateDeployment',
    readOnly: false,
    username: user,
    accessKeyId: 'ASIAEXAMPLEDEPLOY001',
    resources: [
      { type: 'AWS::CodeDeploy::Application', name: service },
      { type: 'AWS::CodeDeploy::DeploymentGroup', name: `${service}-prod` },
    ],
    requestParameters: {
      applicationName: service,
      deploymentGroupName: `${service}-prod`,
      description,
      ...(rollback ? { revision: { revisionType: 'S3', s3Location: { bucket: 'ecommerce-artifacts', key: `${service}/previous.zip` } } } : {}),
    },
    service,
  };
}

/** Every change event with eventTime in [fromSec, toSec), oldest first. */
export function changesBetween(seed: number, fromSec: number, toSec: number): ChangeEvent[] {
  if (!Number.isFinite(seed) || !Number.isFinite(fromSec) || !Number.isFinite(toSec)) throw new TypeError('changesBetween: seed, fromSec and toSec must be finite');
  if (toSec <= fromSec) return [];
  const seed32 = seedKey(seed);
  const out: ChangeEvent[] = [];
  const keep = (e: ChangeEvent): void => {
    if (e.eventTime >= fromSec && e.eventTime < toSec) out.push(e);
  };

  // Scripted incidents: look a little wider so an episode just outside still places its changes.
  for (const inc of incidentsBetween(seed, fromSec - DAY, toSec + DAY)) {
    if (inc.kind === 'payment-5xx-spike') {
      const deployAt = inc.startSec - PAYMENT_DEPLOY_LEAD_SEC;
      keep(deployment(seed32, deployAt, 'payment-service', `payment-service ${version(deployAt, 2)}: payment gateway client timeout 2 s → 800 ms`, 'ci-deployer', `${inc.id}:deploy`));
      keep(
        deployment(seed32, inc.startSec + PAYMENT_ROLLBACK_AFTER_SEC, 'payment-service', `Rollback payment-service to ${version(deployAt, 1)} (gateway timeouts)`, 'oncall-sre', `${inc.id}:rollback`, true),
      );
    } else if (inc.kind === 'customer-memory-leak') {
      keep(deployment(seed32, inc.endSec, 'customer-service', `customer-service ${version(inc.endSec, 1)}: weekly release`, 'ci-deployer', `${inc.id}:weekly`));
    } else if (inc.kind === 'rds-storage-low') {
      keep({
        eventId: eventId(seed32, `${inc.id}:storage`),
        eventTime: inc.endSec,
        eventSource: 'rds.amazonaws.com',
        eventName: 'ModifyDBInstance',
        readOnly: false,
        username: 'dba-automation',
        accessKeyId: 'ASIAEXAMPLEDBA00001',
        resources: [{ type: 'AWS::RDS::DBInstance', name: DB_INSTANCE }],
        requestParameters: { dBInstanceIdentifier: DB_INSTANCE, allocatedStorage: 500, applyImmediately: true },
        service: 'order-service',
      });
    } else if (inc.kind === 'flash-sale') {
      for (const [label, at, size] of [
        ['scale-out', inc.startSec + 12 * MINUTE, 6],
        ['scale-in', inc.endSec + 20 * MINUTE, 3],
      ] as const) {
        keep({
          eventId: eventId(seed32, `${inc.id}:${label}`),
          eventTime: at,
          eventSource: 'eks.amazonaws.com',
          eventName: 'UpdateNodegroupConfig',
          readOnly: false,
          username: 'cluster-autoscaler',
          accessKeyId: 'ASIAEXAMPLEEKS00001',
          resources: [{ type: 'AWS::EKS::Nodegroup', name: `${CLUSTER_NAME}-general` }],
          requestParameters: { clusterName: CLUSTER_NAME, nodegroupName: `${CLUSTER_NAME}-general`, scalingConfig: { desiredSize: size, minSize: 3, maxSize: 20 } },
          service: null,
        });
      }
    }
  }

  // Day by day (New York days): ordinary weekday deployments, a weekly stack update, alarm tuning, read noise.
  const firstDay = Math.floor(newYorkLocal(fromSec) / DAY) - 1;
  const lastDay = Math.floor(newYorkLocal(toSec) / DAY) + 1;
  for (let day = firstDay; day <= lastDay; day++) {
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday: 0 = Sunday
    const local = (minute: number): number => utcFromNewYorkLocal(day * DAY + minute * 60);
    if (weekday >= 1 && weekday <= 5) {
      SERVICE_NAMES.forEach((service, si) => {
        if (uniform(seed32, STREAM, day * 16 + si) >= 0.55) return;
        const minute = 10 * 60 + Math.floor(uniform(seed32, STREAM + 1, day * 16 + si) * 6 * 60);
        const at = local(minute);
        keep(deployment(seed32, at, service, `${service} ${version(at, 1)}: release`, 'ci-deployer', `deploy:${day}:${service}`));
      });
    }
    if (weekday === 2) {
      const at = local(15 * 60 + Math.floor(uniform(seed32, STREAM + 2, day) * 60));
      keep({
        eventId: eventId(seed32, `stack:${day}`),
        eventTime: at,
        eventSource: 'cloudformation.amazonaws.com',
        eventName: 'UpdateStack',
        readOnly: false,
        username: 'cdk-deployer',
        accessKeyId: 'ASIAEXAMPLECDK00001',
        resources: [{ type: 'AWS::CloudFormation::Stack', name: 'ecommerce-prod-platform' }],
        requestParameters: { stackName: 'ecommerce-prod-platform', capabilities: ['CAPABILITY_IAM'] },
        service: null,
      });
    }
    if (uniform(seed32, STREAM + 3, day) < 0.3) {
      const at = local(11 * 60 + Math.floor(uniform(seed32, STREAM + 4, day) * 300));
      const alarm = ['search-latency-p95-high', 'redis-cache-hit-rate-low', 'eks-cluster-cpu-high'][Math.floor(uniform(seed32, STREAM + 5, day) * 3)]!;
      keep({
        eventId: eventId(seed32, `alarm:${day}`),
        eventTime: at,
        eventSource: 'monitoring.amazonaws.com',
        eventName: 'PutMetricAlarm',
        readOnly: false,
        username: 'sre-tuning',
        accessKeyId: 'ASIAEXAMPLESRE00001',
        resources: [{ type: 'AWS::CloudWatch::Alarm', name: alarm }],
        requestParameters: { alarmName: alarm, evaluationPeriods: 3, datapointsToAlarm: 2 },
        service: null,
      });
    }
    // Read-only calls (a dashboard polling): LookupEvents returns them, a sync must drop them.
    for (const hour of [6, 18]) {
      const at = local(hour * 60 + 3);
      keep({
        eventId: eventId(seed32, `read:${day}:${hour}`),
        eventTime: at,
        eventSource: 'rds.amazonaws.com',
        eventName: 'DescribeDBInstances',
        readOnly: true,
        username: 'grafana',
        accessKeyId: 'ASIAEXAMPLEREAD0001',
        resources: [],
        requestParameters: {},
        service: null,
      });
    }
  }
  return out.sort((a, b) => a.eventTime - b.eventTime || a.eventId.localeCompare(b.eventId));
}

/** The CloudTrailEvent JSON document of an event, as LookupEvents returns it (a string). */
export function cloudTrailEventJson(e: ChangeEvent): string {
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: 'AssumedRole', principalId: `AROAEXAMPLE:${e.username}`, arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${e.username}/${e.username}`, accountId: ACCOUNT_ID, accessKeyId: e.accessKeyId },
    eventTime: new Date(e.eventTime * 1000).toISOString().replace('.000Z', 'Z'),
    eventSource: e.eventSource,
    eventName: e.eventName,
    awsRegion: REGION,
    sourceIPAddress: e.username === 'grafana' ? '10.0.12.40' : 'AWS Internal',
    userAgent: 'aws-sdk-go-v2/1.30.0',
    requestParameters: e.requestParameters,
    responseElements: null,
    requestID: e.eventId.replace(/-/g, '').slice(0, 32),
    eventID: e.eventId,
    readOnly: e.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT_ID,
    eventCategory: 'Management',
  });
}
