import type { App } from 'vue'
import { createRouter, createWebHistory, type Router, type RouteRecordRaw } from 'vue-router'
import { appointmentsPath } from '@/domain/booking'
import { assistedSession } from '@/staff/assistedSession'
import { keepBackForwardCacheEligible } from './backForwardCache'
import HomeView from '@/views/HomeView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** The i18n key of the page title; App.vue puts it into document.title. Views without one set their own. */
    titleKey?: string
    /** Without header and footer: the waiting-room screen. */
    bare?: boolean
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { titleKey: 'home.title' } },
  {
    path: '/apply/:serviceId',
    name: 'apply',
    component: () => import('@/views/ApplicationStartView.vue'),
    props: true,
    meta: { titleKey: 'home.startApplication' },
  },
  {
    path: '/applications',
    name: 'applications',
    component: () => import('@/views/MyApplicationsView.vue'),
    meta: { titleKey: 'applications.title' },
  },
  {
    // Without a step, the draft opens where the applicant left off.
    path: '/applications/:draftId/:stepId?',
    name: 'draft',
    component: () => import('@/views/DraftView.vue'),
    props: true,
  },
  {
    path: '/contact/:channel(in-person|phone|written)',
    name: 'book',
    component: () => import('@/views/BookingView.vue'),
    props: true,
    meta: { titleKey: 'booking.title' },
  },
  {
    path: appointmentsPath,
    name: 'appointments',
    component: () => import('@/views/MyAppointmentsView.vue'),
    meta: { titleKey: 'booking.myAppointments' },
  },
  {
    path: '/sync',
    name: 'sync',
    component: () => import('@/views/SyncView.vue'),
    meta: { titleKey: 'sync.title' },
  },
  {
    // The staff screens (docs/staff.md): lazy, with their own texts; never in an applicant's download.
    path: '/staff',
    component: () => import('@/views/staff/StaffLayout.vue'),
    children: [
      { path: '', name: 'staff', component: () => import('@/views/staff/StaffHomeView.vue'), meta: { titleKey: 'staff.home.title' } },
      { path: 'today', name: 'staff-today', component: () => import('@/views/staff/StaffTodayView.vue'), meta: { titleKey: 'staff.today.title' } },
      { path: 'walk-ins', name: 'staff-walk-ins', component: () => import('@/views/staff/StaffWalkInsView.vue'), meta: { titleKey: 'staff.walkIns.title' } },
      { path: 'display', name: 'staff-display', component: () => import('@/views/staff/NowServingView.vue'), meta: { titleKey: 'visitor.display.title', bare: true } },
      { path: 'assist', name: 'staff-assist', component: () => import('@/views/staff/StaffAssistView.vue'), meta: { titleKey: 'staff.assist.title' } },
      { path: 'cases', name: 'staff-cases', component: () => import('@/views/staff/StaffCasesView.vue'), meta: { titleKey: 'staff.cases.title' } },
      {
        path: 'cases/:reference',
        name: 'staff-case',
        component: () => import('@/views/staff/StaffCaseView.vue'),
        props: true,
        meta: { titleKey: 'staff.case.title' },
      },
      { path: 'admin', name: 'staff-admin', component: () => import('@/views/staff/StaffAdminView.vue'), meta: { titleKey: 'staff.admin.title' } },
      { path: 'account', name: 'staff-account', component: () => import('@/views/staff/StaffAccountView.vue'), meta: { titleKey: 'staff.account.title' } },
      {
        path: 'second-factor',
        name: 'staff-second-factor',
        component: () => import('@/views/staff/StaffSecondFactorView.vue'),
        meta: { titleKey: 'staff.secondFactor.title' },
      },
    ],
  },
  {
    path: '/imprint',
    name: 'imprint',
    component: () => import('@/views/LegalView.vue'),
    props: { page: 'imprint' },
    meta: { titleKey: 'legal.imprint.title' },
  },
  {
    path: '/privacy',
    name: 'privacy',
    component: () => import('@/views/LegalView.vue'),
    props: { page: 'privacy' },
    meta: { titleKey: 'legal.privacy.title' },
  },
  {
    path: '/accessibility',
    name: 'accessibility',
    component: () => import('@/views/LegalView.vue'),
    props: { page: 'accessibility' },
    meta: { titleKey: 'legal.accessibility.title' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/NotFoundView.vue'),
    meta: { titleKey: 'notFound.title' },
  },
]

/** During an assisted session the visitor holds the office device: of the staff screens only the session's end is open. */
const openDuringAssistedSession = new Set(['staff-assist', 'staff-display'])

export function createAppRouter(history = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes,
    scrollBehavior: (to, _from, saved) => saved ?? (to.hash ? { el: to.hash } : { top: 0 }),
  })
  router.beforeEach((to) => {
    const staffScreen = to.matched.some((record) => record.path === '/staff')
    if (staffScreen && assistedSession().value && !openDuringAssistedSession.has(String(to.name))) return { name: 'staff-assist' }
    return true
  })
  return router
}

/** A lazy view of an older release that the server no longer has (another tab took an update). */
function isStaleChunkError(error: unknown): boolean {
  return error instanceof TypeError && /dynamically imported module|Importing a module script failed/i.test(error.message)
}

export function installRouter(app: App): Router {
  keepBackForwardCacheEligible()
  const router = createAppRouter()
  // Load the page afresh from the new release instead of showing nothing.
  router.onError((error, to) => {
    if (isStaleChunkError(error)) window.location.assign(to.fullPath)
  })
  app.use(router)
  return router
}
