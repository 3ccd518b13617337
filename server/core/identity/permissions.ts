/** The permission table is data in the contract (types/permissions.ts); re-exported for server code. */
export { PERMISSIONS, allows, rolesFor, type Permission } from '../../../types/permissions';
