import { Badge, Button, Group, Menu, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types.ts';
import { UserIcon } from '../../ui/icons.tsx';
import { useSignOut } from './auth.api.ts';

export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" width={260} withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          leftSection={<UserIcon />}
          data-testid="user-menu"
          aria-label={t('header.userMenu', { name: me.user.displayName })}
        >
          <Text span size="sm" maw={140} truncate visibleFrom="sm">
            {me.user.displayName}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{me.user.email}</Menu.Label>
        <Group gap={4} px="sm" pb="xs">
          {me.user.roles.map((r) => (
            <Badge key={r} size="xs" variant="light">
              {t(`roles.${r}`)}
            </Badge>
          ))}
        </Group>
        <Menu.Divider />
        <Menu.Item onClick={() => void signOut()} data-testid="sign-out">
          {t('header.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
