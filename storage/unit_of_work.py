"""The unit of work: one database session per update, rolled back unless explicitly committed."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.deliveries import DeliveryRepository
from storage.repositories import UserRepository
from storage.training import TrainingRepository


class UnitOfWork:
    """``async with database.unit_of_work() as uow: ...; await uow.commit()``.

    Leaving the block without ``commit()`` (or with an exception) rolls everything back,
    so a handler that fails half-way never leaves half a change behind.
    """

    users: UserRepository
    deliveries: DeliveryRepository
    training: TrainingRepository

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its `async with` block")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        self._session = self._session_factory()
        self.users = UserRepository(self._session)
        self.training = TrainingRepository(self._session)
        self.deliveries = DeliveryRepository(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            await session.rollback()
        finally:
            await session.close()
            self._session = None

    async def commit(self) -> None:
        await self.session.commit()
