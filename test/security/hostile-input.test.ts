import { hostileFormSuite } from './hostile-suite'

// The citizen's and the staff's case forms; the admin screens are in hostile-admin.test.ts.
hostileFormSuite('hostile input: public and case forms', (s) => s.actor === 'anonymous' || s.name.startsWith('case ') || s.name === 'intake')
