import { hostileFormSuite } from './hostile-suite'

// Settings and administration forms; the public and case forms are in hostile-input.test.ts.
hostileFormSuite('hostile input: settings and admin forms', (s) => !(s.actor === 'anonymous' || s.name.startsWith('case ') || s.name === 'intake'))
