import { AutomationRules } from '../components/AutomationRules';
import { CopiesChecks, FolderSchedule } from '../components/CopiesSettings';
import { SettingsPanel } from '../components/SettingsPanel';
import './History.css';

/** Every setting in one place: what is kept, which boxes are remembered, what archives by itself, how copies are checked. */
export function SettingsScreen() {
  return (
    <div className="settings-screen">
      <h1>Settings</h1>
      <p className="lead">What this app keeps and remembers, what it archives by itself, and how it checks your copies.</p>
      <SettingsPanel />
      <AutomationRules>
        <FolderSchedule />
      </AutomationRules>
      <CopiesChecks />
    </div>
  );
}
