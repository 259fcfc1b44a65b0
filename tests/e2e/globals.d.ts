import type { FrontdeskApi } from '../../shared/ipc/contract';

declare global {
  interface Window {
    frontdesk?: FrontdeskApi;
  }
}
export {};
