/** Administration, as far as the caller's roles allow: each part its own file under admin/. */
import { isAdmin, type Identity } from '../api/session';
import { Link, useRoute } from '../router';
import { CalendarAdmin } from './admin/CalendarAdmin';
import { MachinesAdmin } from './admin/MachinesAdmin';
import { RepairAdmin } from './admin/RepairAdmin';
import { WebhooksAdmin } from './admin/WebhooksAdmin';

export function Admin({ me }: { me: Identity }) {
  const tab = useRoute().path.split('/')[2] ?? 'calendar';
  const tabs: [string, string][] = [['calendar', '工作日历'], ...(isAdmin(me) ? ([['webhooks', '推送接口'], ['machines', '流程版本'], ['repair', '数据修复']] as [string, string][]) : [])];
  return (
    <div>
      <h2>管理</h2>
      <nav className="tabs">
        {tabs.map(([id, label]) => <Link key={id} to={`/admin/${id}`} className={tab === id ? 'active' : ''}>{label}</Link>)}
      </nav>
      {tab === 'calendar' && <CalendarAdmin />}
      {tab === 'webhooks' && isAdmin(me) && <WebhooksAdmin />}
      {tab === 'machines' && isAdmin(me) && <MachinesAdmin />}
      {tab === 'repair' && isAdmin(me) && <RepairAdmin />}
      {tab !== 'calendar' && !isAdmin(me) && <p className="empty" data-testid="no-access">此项限系统管理员使用。</p>}
    </div>
  );
}
