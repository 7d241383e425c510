/**
 * Runs the CloudWatch alarms double (test/support/cloudwatch-alarms-double.ts) in its own process, so its work does
 * not compete for the event loop of the benchmarked client (AWS's work happens elsewhere too). Prints its endpoint.
 */
import { startCloudWatchAlarmsDouble } from '../../test/support/cloudwatch-alarms-double.js';

const double = await startCloudWatchAlarmsDouble();
process.stdout.write(`${double.endpoint}\n`);
process.on('SIGTERM', () => {
  void double.close().then(() => process.exit(0));
});
