/**
 * The indicators, read from the projection (pure). Every comparison of offices, services, channels or
 * referents withholds its figures below the minimum sample size (`belowMinimumSample`, values null):
 * a ranking on three answers says nothing and exposes the few people behind them. Front-office
 * operators never appear: the projection does not even keep their ids.
 */
export * from './indicator.common';
export * from './case.queries';
export * from './procedure.queries';
export * from './knowledge.queries';
export * from './satisfaction.queries';
