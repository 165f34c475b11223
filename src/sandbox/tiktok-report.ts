import type { Clock } from '../util/clock.js';
import {
  datesBetween,
  type ReportValue,
  SAMPLE_ATTRIBUTE_METRICS,
  SAMPLE_REPORT_METRICS,
  type SampleAccount,
  type SampleAd,
  sampleReportMetrics,
  tiktokTime,
} from './tiktok-data.js';
import { idList, jsonParam, paged, type Query, SimError, stringList } from './tiktok-params.js';

/**
 * The simulated report/integrated/get: BASIC reports at ad level, lifetime or over dates (daily rows with
 * `stat_time_day`), with TikTok's limits on ranges, dimensions, metrics, filters and ordering.
 */

const REPORT_TYPES = new Set(['BASIC', 'AUDIENCE', 'PLAYABLE_MATERIAL', 'CATALOG', 'BC', 'TT_SHOP']);
const DATA_LEVELS = new Set(['AUCTION_AD', 'AUCTION_ADGROUP', 'AUCTION_CAMPAIGN', 'AUCTION_ADVERTISER']);
const DIMENSIONS = new Set(['ad_id', 'stat_time_day', 'stat_time_hour', 'campaign_id', 'adgroup_id', 'advertiser_id']);
const METRICS = new Set<string>(SAMPLE_REPORT_METRICS);
const ATTRIBUTE_METRICS = new Set<string>(SAMPLE_ATTRIBUTE_METRICS);
const REPORT_FILTERS: Record<string, (ad: SampleAd) => string> = {
  ad_ids: (ad) => ad.adId,
  adgroup_ids: (ad) => ad.adgroupId,
  campaign_ids: (ad) => ad.campaignId,
};

function dateParam(q: Query, name: string): string {
  const value = q[name];
  if (!value) throw new SimError(40002, `${name}: Missing data for required field.`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new SimError(40002, `${name}: Not a valid date, expected YYYY-MM-DD.`);
  }
  return value;
}

export function report(account: SampleAccount, q: Query, clock: Clock): unknown {
  const reportType = q.report_type;
  if (!reportType) throw new SimError(40002, 'report_type: Missing data for required field.');
  if (!REPORT_TYPES.has(reportType)) throw new SimError(40002, `report_type: invalid value "${reportType}".`);
  if (reportType !== 'BASIC') throw new SimError(40002, `report_type: the simulator only answers BASIC reports.`);
  const serviceType = q.service_type ?? 'AUCTION';
  if (serviceType !== 'AUCTION') throw new SimError(40002, `service_type: invalid value "${serviceType}".`);
  const dataLevel = q.data_level;
  if (!dataLevel) throw new SimError(40002, 'data_level: Missing data for required field (BASIC reports).');
  if (!DATA_LEVELS.has(dataLevel)) throw new SimError(40002, `data_level: invalid value "${dataLevel}".`);
  if (dataLevel !== 'AUCTION_AD') throw new SimError(40002, 'data_level: the simulator only answers AUCTION_AD.');

  const dimensions = stringList(jsonParam(q, 'dimensions', 'array', true), 'dimensions', DIMENSIONS, 'dimension');
  const daily = dimensions.includes('stat_time_day');
  if (!dimensions.includes('ad_id') || dimensions.some((d) => d !== 'ad_id' && d !== 'stat_time_day')) {
    throw new SimError(40002, 'dimensions: use ["ad_id"] or ["ad_id","stat_time_day"] with data_level AUCTION_AD.');
  }
  const metrics = stringList(
    jsonParam(q, 'metrics', 'array', false) ?? ['spend', 'impressions'],
    'metrics',
    METRICS,
    'metric',
  );

  let dates: string[];
  if (q.query_lifetime === 'true') {
    if (daily) throw new SimError(40002, 'query_lifetime: cannot be combined with time dimensions.');
    const first = account.ads.map((ad) => ad.createTime).sort()[0] ?? tiktokTime(clock.now());
    dates = datesBetween(first.slice(0, 10), tiktokTime(clock.now()).slice(0, 10));
  } else {
    const start = dateParam(q, 'start_date');
    const end = dateParam(q, 'end_date');
    if (start > end) throw new SimError(40002, 'start_date: must be on or before end_date.');
    dates = datesBetween(start, end);
    const maxDays = daily ? 30 : 365;
    if (dates.length > maxDays) {
      throw new SimError(40002, `The time range exceeds ${maxDays} days${daily ? ' (with stat_time_day)' : ''}.`);
    }
  }

  const filters: Array<(ad: SampleAd) => boolean> = [];
  const filtering = jsonParam(q, 'filtering', 'array', false) as unknown[] | undefined;
  for (const [i, f] of (filtering ?? []).entries()) {
    const { field_name, filter_type, filter_value } = (f ?? {}) as Record<string, unknown>;
    if (typeof field_name !== 'string' || typeof filter_type !== 'string' || typeof filter_value !== 'string') {
      throw new SimError(40002, `filtering[${i}]: field_name, filter_type and filter_value are required strings.`);
    }
    const pick = REPORT_FILTERS[field_name];
    if (!pick) throw new SimError(40002, `filtering[${i}].field_name: unknown field "${field_name}".`);
    if (filter_type !== 'IN') throw new SimError(40002, `filtering[${i}].filter_type: ${field_name} supports IN only.`);
    let values: unknown;
    try {
      values = JSON.parse(filter_value);
    } catch {
      throw new SimError(40002, `filtering[${i}].filter_value: must be a JSON array string such as "[\\"123\\"]".`);
    }
    const ids = idList(values, `filtering[${i}].filter_value`);
    if (ids.length < 1 || ids.length > 100) {
      throw new SimError(40002, `filtering[${i}].filter_value: ${field_name} takes 1 to 100 ids.`);
    }
    const set = new Set(ids);
    filters.push((ad) => set.has(pick(ad)));
  }

  const orderField = q.order_field;
  if (orderField !== undefined && (!METRICS.has(orderField) || ATTRIBUTE_METRICS.has(orderField))) {
    throw new SimError(40002, `order_field: "${orderField}" cannot be used for sorting.`);
  }
  const orderType = q.order_type ?? 'DESC';
  if (orderType !== 'ASC' && orderType !== 'DESC') throw new SimError(40002, 'order_type: must be ASC or DESC.');

  const ads = account.ads.filter((ad) => !ad.deleted && ad.daily !== null && filters.every((f) => f(ad)));
  const keys = daily
    ? ads.flatMap((ad) => dates.map((date) => ({ ad, dates: [date] })))
    : ads.map((ad) => ({ ad, dates }));
  const rowFor = (key: { ad: SampleAd; dates: string[] }) => {
    const all = sampleReportMetrics(account, key.ad, key.dates) ?? {};
    const picked: Record<string, ReportValue> = {};
    for (const m of metrics) if (m in all) picked[m] = all[m] as ReportValue;
    const dims: Record<string, string> = { ad_id: key.ad.adId };
    if (daily) dims.stat_time_day = `${key.dates[0]} 00:00:00`;
    return { dimensions: dims, metrics: picked, sortValue: orderField ? Number(all[orderField] ?? 0) : 0 };
  };
  if (orderField) {
    const rows = keys
      .map(rowFor)
      .sort((a, b) => (orderType === 'ASC' ? a.sortValue - b.sortValue : b.sortValue - a.sortValue));
    const { slice, page_info } = paged(rows, q);
    return { list: slice.map(({ dimensions: d, metrics: m }) => ({ dimensions: d, metrics: m })), page_info };
  }
  const { slice, page_info } = paged(keys, q);
  return {
    list: slice.map(rowFor).map(({ dimensions: d, metrics: m }) => ({ dimensions: d, metrics: m })),
    page_info,
  };
}
