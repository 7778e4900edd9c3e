import { lstatSync, readlinkSync } from 'node:fs'

/** /tmp inside the sandbox: a tmpfs, so what the candidate writes is capped and dies with it. */
const TMP_BYTES = 16 * 1024 * 1024
/** The uid and gid the candidate sees inside its user namespace ("nobody"). */
const INNER_ID = '65534'

const underUsr = (path: string) => path === '/usr' || path.startsWith('/usr/')

/** Merged-usr systems make /bin, /lib... symlinks into /usr; others have real directories. */
function rootLinks(): string[] {
  const args: string[] = []
  for (const name of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    try {
      const stat = lstatSync(name)
      if (stat.isSymbolicLink()) args.push('--symlink', readlinkSync(name), name)
      else if (stat.isDirectory()) args.push('--ro-bind', name, name)
    } catch {}
  }
  return args
}

/** A program run's folder (programs/run-program.ts), bound at /box: writable only to compile. */
export interface BoxMount {
  path: string
  writable: boolean
}

/**
 * bubblewrap flags: every namespace unshared (no network: only a loopback of its own), a
 * read-only root with /usr and the given paths bound at their own places, /tmp as the only
 * writable place (and /box when a writable box is given), no environment, no further user
 * namespaces, killed if its parent dies. With a box the program is the namespace's pid 1, so
 * its own peak memory reaches the parent's rusage (bwrap's reaper would hide it).
 */
export function bwrapArgs(
  readOnly: string[],
  seccompFd: number | null,
  box: BoxMount | null = null,
): string[] {
  const args = [
    '--unshare-all',
    '--unshare-user',
    '--uid',
    INNER_ID,
    '--gid',
    INNER_ID,
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--hostname',
    'sandbox',
    '--clearenv',
    '--ro-bind',
    '/usr',
    '/usr',
    ...rootLinks(),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(TMP_BYTES),
    '--tmpfs',
    '/tmp',
  ]
  for (const path of new Set(readOnly)) if (!underUsr(path)) args.push('--ro-bind', path, path)
  if (box) args.push(box.writable ? '--bind' : '--ro-bind', box.path, '/box', '--as-pid-1')
  // bwrap builds its root on a writable tmpfs; without these the candidate could fill / or /dev.
  args.push('--remount-ro', '/dev', '--remount-ro', '/', '--chdir', box ? '/box' : '/tmp')
  // The seccomp filter (seccomp/filter.py), read from an inherited descriptor, loaded last.
  if (seccompFd !== null) args.push('--seccomp', String(seccompFd))
  return args
}
