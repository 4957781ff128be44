// Every table, for drizzle-kit and the queries; the tables themselves live in schema-*.ts, which import
// each other but never this file, so the modules form no circle.
export * from './schema-core'
export * from './schema-public'
export * from './schema-alerts'
export * from './schema-admin'
export * from './schema-handling'
export * from './schema-privacy'
export * from './schema-services'
export * from './schema-dashboard'
export * from './schema-coordination'
export * from './schema-people'
export * from './schema-whatsapp'
